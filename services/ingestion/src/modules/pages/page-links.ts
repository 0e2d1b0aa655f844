import { type ScanPageRef } from '@gradeline/contracts';
import { type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { type Page } from './page.entity';

/**
 * Short-lived signed links to page images, handed out only after the route checked the caller's
 * school and permission. Nothing in the store is public; a link is a bearer capability, so it is
 * never logged.
 */
export class PageLinks {
  constructor(
    private readonly store: ObjectStore,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  url(key: string): Promise<string> {
    return this.store.signedReadUrl(key, { expiresInSeconds: Math.max(1, Math.floor(this.ttlMs / 1000)), contentType: 'image/jpeg' });
  }

  expiresAt(): string {
    return new Date(this.clock.now().getTime() + this.ttlMs).toISOString();
  }
}

export function pageRef(page: Page): ScanPageRef {
  return { pageId: page.id, scanPage: page.scanIndex + 1, side: page.side, width: page.width, height: page.height };
}
