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

/** Cuts the name header out of a copy's page 1 and stores it under the copy's deterministic key (a retry overwrites it). */
export async function cropHeader(
  store: ObjectStore,
  copy: { id: string; tenantId: string; batchId: string },
  first: Page,
  region: NormalisedRect,
): Promise<HeaderCrop> {
  const key = headerKey(copy.tenantId, copy.batchId, copy.id);
  const image = await readObject(store, first.objectKey!);
  await store.put(key, await cropRegion(image, region), { contentType: 'image/jpeg' });
  return { key, pageId: first.id };
}
