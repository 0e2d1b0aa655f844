import { createHash } from 'node:crypto';
import { type Readable } from 'node:stream';
import { type Principal } from '@gradeline/auth';
import { DEFAULT_HEADER_REGION, type GradingPageLink, type NormalisedRect } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { maskRegion } from '@gradeline/pdf';
import { type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { openCopy } from '../grading/copy-context';

/** Where page n's masked rendition lives: one object per page, the same key every time. */
export function renditionKey(tenantId: string, copyId: string, page: number): string {
  return `${tenantId}/grading/renditions/${copyId}/${page}.jpg`;
}

/** The prefix of every rendition of a copy (what retention deletes). */
export function renditionPrefix(tenantId: string, copyId: string): string {
  return `${tenantId}/grading/renditions/${copyId}/`;
}

/**
 * Page images for whoever may see a copy's grading. Page 1 carries the student's name: it is
 * served only as a rendition whose header region is painted over in the pixels (never the
 * original), made once and re-made when the page or the exam's header region changes. Links are
 * signed and short-lived.
 */
export class PageRenditionService {
  constructor(private readonly deps: { store: ObjectStore; clock: Clock; linkTtlMs: number }) {}

  async link(em: EntityManager, principal: Principal, copyId: string, page: number): Promise<GradingPageLink> {
    const { copy, exam } = await openCopy(em, principal, copyId);
    const source = copy.pages.find((p) => p.number === page);
    if (!source) throw notFound('page');
    const key = page === 1 ? await this.masked(copy.tenantId, copyId, source.objectKey, exam?.headerRegion ?? DEFAULT_HEADER_REGION) : source.objectKey;
    const expiresInSeconds = Math.max(1, Math.round(this.deps.linkTtlMs / 1000));
    const url = await this.deps.store.signedReadUrl(key, { expiresInSeconds, contentType: 'image/jpeg' });
    const expiresAt = new Date(this.deps.clock.now().getTime() + expiresInSeconds * 1000).toISOString();
    return { copyId, page, url, expiresAt, masked: page === 1 };
  }

  private async masked(tenantId: string, copyId: string, sourceKey: string, region: NormalisedRect): Promise<string> {
    const key = renditionKey(tenantId, copyId, 1);
    const fingerprint = createHash('sha256').update(JSON.stringify([sourceKey, region])).digest('hex').slice(0, 32);
    const existing = await this.deps.store.head(key);
    if (existing?.metadata['fingerprint'] === fingerprint) return key;
    const original = await toBuffer(await this.deps.store.get(sourceKey));
    // Concurrent first requests may both render: same input, same pixels, and the put is atomic.
    const jpeg = await maskRegion(original, region, { fill: 'white', quality: 85 });
    await this.deps.store.put(key, jpeg, { contentType: 'image/jpeg', size: jpeg.length, metadata: { fingerprint } });
    return key;
  }
}

async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
