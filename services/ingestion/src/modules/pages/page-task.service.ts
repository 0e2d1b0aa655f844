import { type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type Rasteriser } from '@gradeline/pdf';
import { type ObjectStore } from '@gradeline/storage';
import { LockMode } from '@mikro-orm/core';
import { Batch } from '../batches/batch.entity';
import { recordPageDone } from '../batches/batch-progress';
import { type TaskHandler } from '../tasks/task.worker';
import { taskQueue, type ClaimedTask } from '../tasks/task.repository';
import { pageKey } from '../../shared/object-keys';
import { stableId } from '../../shared/stable-id';
import { Page } from './page.entity';
import { extractPage, pageImages, type PageImage } from './page-extraction';
import { classifyCode } from './sheet-code';
import { type SourceCache } from './source-cache';

export interface PageTaskDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  sources: SourceCache;
  /** PDFium is started on the first page that needs it. */
  rasteriser: () => Promise<Rasteriser>;
}

/** The id of the image of PDF page `scanIndex` (0-based) on `side`: the same for every attempt. */
export function pageId(batchId: string, scanIndex: number, side: string): string {
  return stableId('page', batchId, scanIndex, side);
}

/**
 * One PDF page: its image(s) extracted, turned upright, cut if A3, read for a sheet code and stored
 * under deterministic keys; then the page rows and the batch's progress in one transaction. A retry
 * after a crash overwrites the same objects and rows.
 */
export class PageTaskService implements TaskHandler {
  constructor(private readonly deps: PageTaskDeps) {}

  async run(task: ClaimedTask): Promise<void> {
    const batch = await this.deps.orm.em.fork().findOne(Batch, { id: task.batchId });
    if (!batch) return this.record(task, []);
    const doc = await this.deps.sources.open(batch.id, batch.sourceKey, batch.size);
    const extracted = await extractPage(doc, task.scanIndex!, this.deps.rasteriser);
    const images = await pageImages(extracted, batch.codeMode !== 'absent');
    const pages = await Promise.all(images.map((image) => this.storeImage(batch, task.scanIndex!, image)));
    await this.record(task, pages);
  }

  /** A page that failed every attempt is kept as an unreadable page, for review. */
  async giveUp(task: ClaimedTask, error: unknown): Promise<void> {
    const page = Object.assign(new Page(), {
      id: pageId(task.batchId, task.scanIndex!, 'full'),
      tenantId: task.tenantId,
      batchId: task.batchId,
      scanIndex: task.scanIndex!,
      side: 'full',
      extraction: 'failed',
      errorCode: String((error as { code?: string }).code ?? 'page_unreadable').slice(0, 100),
    });
    await this.record(task, [page]);
  }

  private async storeImage(batch: Batch, scanIndex: number, image: PageImage): Promise<Page> {
    const key = pageKey(batch.tenantId, batch.id, scanIndex, image.side);
    const put = await this.deps.store.put(key, image.jpeg, { contentType: 'image/jpeg' });
    return Object.assign(new Page(), {
      id: pageId(batch.id, scanIndex, image.side),
      tenantId: batch.tenantId,
      batchId: batch.id,
      scanIndex,
      side: image.side,
      objectKey: key,
      size: put.size,
      width: image.width,
      height: image.height,
      extraction: image.extraction,
      turned: image.turned,
      ...classifyCode(image.qrText, batch.tenantId, batch.examId),
    });
  }

  private async record(task: ClaimedTask, pages: Page[]): Promise<void> {
    await this.deps.orm.em.fork().transactional(async (em) => {
      const batch = await em.findOne(Batch, { id: task.batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!(await taskQueue.complete(em, task.id)) || !batch) return;
      if (pages.length > 0) await em.upsertMany(Page, pages);
      await recordPageDone(em, this.deps.outbox, batch, {
        scanIndex: task.scanIndex!,
        images: pages.filter((p) => p.extraction !== 'failed').length,
        coded: pages.some((p) => p.codeStatus !== 'none'),
      });
    });
  }
}
