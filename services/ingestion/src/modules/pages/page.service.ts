import { type ScanPageImages } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { batchOfTenant } from '../batches/batch.repository';
import { pageRef, type PageLinks } from './page-links';
import { Page } from './page.entity';

const SIDES = { full: 0, left: 1, right: 2 } as const;

/** Page images for the review screen, as short-lived signed links. */
export class PageService {
  constructor(private readonly links: PageLinks) {}

  /** The image(s) of page `n` (1-based) of the batch's PDF: one, or two for an A3 sheet side. */
  async images(em: EntityManager, tenantId: string, batchId: string, n: number): Promise<ScanPageImages> {
    const batch = await batchOfTenant(em, tenantId, batchId);
    const pages = (await em.find(Page, { batchId: batch.id, scanIndex: n - 1 })).filter((p) => p.objectKey !== null);
    if (pages.length === 0) throw notFound('page');
    pages.sort((a, b) => SIDES[a.side] - SIDES[b.side]);
    return {
      scanPage: n,
      expiresAt: this.links.expiresAt(),
      images: await Promise.all(pages.map(async (p) => ({ ...pageRef(p), url: await this.links.url(p.objectKey!) }))),
    };
  }
}
