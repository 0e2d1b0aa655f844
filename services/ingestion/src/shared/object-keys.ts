import { type ScanPageSide } from '@gradeline/contracts';

// Every object of a batch lives under `<tenantId>/ingestion/<batchId>/`, so a tenant's or a
// batch's objects can be listed and purged by prefix.

export function batchPrefix(tenantId: string, batchId: string): string {
  return `${tenantId}/ingestion/${batchId}/`;
}

export function sourceKey(tenantId: string, batchId: string): string {
  return `${batchPrefix(tenantId, batchId)}source.pdf`;
}

/** `pages/<n>.jpg` for a whole PDF page n (1-based), `pages/<n>-left.jpg` / `-right` for A3 halves. */
export function pageKey(tenantId: string, batchId: string, scanIndex: number, side: ScanPageSide): string {
  const suffix = side === 'full' ? '' : `-${side}`;
  return `${batchPrefix(tenantId, batchId)}pages/${scanIndex + 1}${suffix}.jpg`;
}

export function thumbnailKey(tenantId: string, batchId: string, pageId: string): string {
  return `${batchPrefix(tenantId, batchId)}thumbnails/${pageId}.jpg`;
}

export function headerKey(tenantId: string, batchId: string, copyId: string): string {
  return `${batchPrefix(tenantId, batchId)}copies/${copyId}/header.jpg`;
}
