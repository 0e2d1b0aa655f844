import { type NormalisedRect } from '@gradeline/contracts';
import { cropRegion } from '@gradeline/pdf';
import { type ObjectStore } from '@gradeline/storage';
import { type Page } from '../pages/page.entity';
import { headerKey } from '../../shared/object-keys';
import { readObject } from '../../shared/read-object';

/** A stored header crop and the page it was cut from. */
export interface HeaderCrop {
  key: string;
  pageId: string;
}

interface CopyRef {
  id: string;
  tenantId: string;
  batchId: string;
}

/** The object metadata naming the page a header was cut from. */
const PAGE_METADATA = 'page';

/**
 * Cuts the name header out of `image` (page `pageId`, to be the copy's page 1) and stores it under
 * the copy's deterministic key, naming the page beside it (a retry overwrites both).
 */
export async function cutHeader(store: ObjectStore, copy: CopyRef, pageId: string, image: Buffer, region: NormalisedRect): Promise<HeaderCrop> {
  const key = headerKey(copy.tenantId, copy.batchId, copy.id);
  await store.put(key, await cropRegion(image, region), { contentType: 'image/jpeg', metadata: { [PAGE_METADATA]: pageId } });
  return { key, pageId };
}

/** Cuts the header of a copy's page 1, reading the page's stored image. */
export async function cropHeader(store: ObjectStore, copy: CopyRef, first: Page, region: NormalisedRect): Promise<HeaderCrop> {
  return cutHeader(store, copy, first.id, await readObject(store, first.objectKey!), region);
}

/** The copy's stored header crop if it was cut from `pageId` (with the page, before assembly), else null. */
export async function headerCutFrom(store: ObjectStore, copy: CopyRef, pageId: string): Promise<HeaderCrop | null> {
  const key = headerKey(copy.tenantId, copy.batchId, copy.id);
  const info = await store.head(key);
  return info?.metadata[PAGE_METADATA] === pageId ? { key, pageId } : null;
}
