import { type CopyAssembledV1 } from '@gradeline/contracts';
import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { LockMode } from '@mikro-orm/core';
import { Batch } from '../batches/batch.entity';
import { completeBatchIfDone, WORKER_ACTOR } from '../batches/batch-progress';
import { Page } from '../pages/page.entity';
import { taskQueue, type ClaimedTask } from '../tasks/task.repository';
import { RetryTask, type TaskHandler } from '../tasks/task.worker';
import { Copy } from './copy.entity';
import { cropHeader, type HeaderCrop } from './header-crop';

export interface CopyPublicationDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  clock: Clock;
}

/**
 * The `copy` task: crops the header of page 1 (where the name box is) and writes the copy's current
 * revision as `ingestion.copy.assembled.v1`, in the transaction that completes the task: a copy is
 * published exactly once per revision, whichever worker gets there.
 */
export class CopyPublicationService implements TaskHandler {
  constructor(private readonly deps: CopyPublicationDeps) {}

  async run(task: ClaimedTask): Promise<void> {
    const em = this.deps.orm.em.fork();
    const copy = await em.findOne(Copy, { id: task.subjectId! });
    const batch = copy && (await em.findOne(Batch, { id: copy.batchId }));
    const first = copy && (await em.findOne(Page, { copyId: copy.id, pageNumber: 1 }));
    const cropped = copy && batch && first?.objectKey ? await this.crop(copy, batch, first) : null;
    await this.deps.orm.em.fork().transactional(async (tx) => {
      if (!(await taskQueue.complete(tx, task.id))) return;
      const current = await tx.findOne(Copy, { id: task.subjectId! }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (current && batch) await this.publish(tx, current, batch.correlationId, cropped);
      await completeBatchIfDone(tx, this.deps.outbox, task.batchId, this.deps.clock.now());
    });
  }

  /** Re-cut only when page 1 is another page than the one the stored crop came from. */
  private async crop(copy: Copy, batch: Batch, first: Page): Promise<HeaderCrop> {
    if (copy.headerPageId === first.id && copy.headerCropKey) return { key: copy.headerCropKey, pageId: first.id };
    return cropHeader(this.deps.store, copy, first, batch.headerRegion);
  }

  private async publish(em: EntityManager, copy: Copy, correlationId: string, cropped: HeaderCrop | null): Promise<void> {
    const pages = await em.find(Page, { copyId: copy.id }, { orderBy: { pageNumber: 'asc' } });
    const first = pages.find((p) => p.pageNumber === 1) ?? null;
    // Review moved page 1 while the crop was being cut: cut again from the page now in place.
    if ((first?.id ?? null) !== (cropped?.pageId ?? null)) throw new RetryTask('page 1 changed');
    recordPublication(em, this.deps.outbox, copy, pages, correlationId, cropped);
  }
}

/** Writes the copy's current revision as `ingestion.copy.assembled.v1`, with its header crop (pages in page order). */
export function recordPublication(em: EntityManager, outbox: Outbox, copy: Copy, pages: Page[], correlationId: string, cropped: HeaderCrop | null): void {
  copy.headerCropKey = cropped?.key ?? null;
  copy.headerPageId = cropped?.pageId ?? null;
  copy.publishedRevision = copy.revision;
  outbox.record(em, {
    type: 'ingestion.copy.assembled.v1',
    tenantId: copy.tenantId,
    correlationId,
    actor: WORKER_ACTOR,
    data: assembledEvent(copy, pages),
  });
}

export function assembledEvent(copy: Copy, pages: Page[]): CopyAssembledV1 {
  return {
    copyId: copy.id,
    examId: copy.examId,
    batchId: copy.batchId,
    revision: copy.revision,
    pages: pages.map((p) => ({
      number: p.pageNumber!,
      objectKey: p.objectKey!,
      contentType: p.contentType,
      size: p.size,
      width: p.width,
      height: p.height,
    })),
    headerCropKey: copy.headerCropKey,
    assembly: copy.assembly,
    complete: copy.status !== 'incomplete',
    missingPages: copy.missingPages,
    sheet: copy.ordinal !== null && copy.assembly === 'qr' ? { slot: copy.ordinal, studentId: copy.sheetStudentId } : null,
  };
}
