import { type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { thumbnail } from '@gradeline/pdf';
import { type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { completeBatchIfDone } from '../batches/batch-progress';
import { Page } from '../pages/page.entity';
import { taskQueue, type ClaimedTask } from '../tasks/task.repository';
import { type TaskHandler } from '../tasks/task.worker';
import { thumbnailKey } from '../../shared/object-keys';
import { readObject } from '../../shared/read-object';
import { ReviewItem } from './review-item.entity';

export interface ReviewThumbnailDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  clock: Clock;
}

/** Width of review thumbnails: enough to recognise a page and read its footer. */
export const THUMBNAIL_WIDTH = 320;

/** The `thumbnail` task: a small image of a review item's page, so the review list loads fast. */
export class ReviewThumbnailService implements TaskHandler {
  constructor(private readonly deps: ReviewThumbnailDeps) {}

  async run(task: ClaimedTask): Promise<void> {
    const em = this.deps.orm.em.fork();
    const item = await em.findOne(ReviewItem, { id: task.subjectId! });
    const page = item && (await em.findOne(Page, { id: item.pageId }));
    let key: string | null = null;
    if (page?.objectKey) {
      key = thumbnailKey(page.tenantId, page.batchId, page.id);
      const image = await readObject(this.deps.store, page.objectKey);
      await this.deps.store.put(key, await thumbnail(image, THUMBNAIL_WIDTH), { contentType: 'image/jpeg' });
    }
    await this.finish(task, key);
  }

  /** A thumbnail that cannot be drawn is not worth holding the batch back: the page itself stays reachable. */
  async giveUp(task: ClaimedTask): Promise<void> {
    await this.finish(task, null);
  }

  private async finish(task: ClaimedTask, key: string | null): Promise<void> {
    await this.deps.orm.em.fork().transactional(async (em) => {
      if (!(await taskQueue.complete(em, task.id))) return;
      const item = await em.findOne(ReviewItem, { id: task.subjectId! });
      if (item && key) item.thumbnailKey = key;
      await completeBatchIfDone(em, this.deps.outbox, task.batchId, this.deps.clock.now());
    });
  }
}
