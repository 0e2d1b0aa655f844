import { createHash } from 'node:crypto';

/**
 * The short tag a sheet code carries for its school (first 8 hex digits of SHA-256 of the tenant
 * id): ingestion refuses to place a page whose tag is not the uploader's school. It identifies
 * nothing by itself and is not a secret.
 */
export function tenantGuardOf(tenantId: string): string {
  return createHash('sha256').update(tenantId).digest('hex').slice(0, 8);
}
