import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type Clock } from '@gradeline/runtime';
import { LockMode } from '@mikro-orm/core';
import { Batch } from '../batches/batch.entity';
import { completeIfDone, WORKER_ACTOR } from '../batches/batch-progress';
import { Page } from '../pages/page.entity';
import { ReviewItem } from '../review/review-item.entity';
import { taskQueue, type ClaimedTask, type NewTask } from '../tasks/task.repository';
import { type TaskHandler } from '../tasks/task.worker';
import { stableId } from '../../shared/stable-id';
import { planAssembly, type AssemblyPlan } from './assembly-plan';
import { Copy } from './copy.entity';

export interface AssemblyDeps {
  orm: MikroORM;
  outbox: Outbox;
  clock: Clock;
}

/**
 * The `assemble` task of a batch whose pages are all processed: the plan is written in one
 * transaction (copies, page places, review items, and the tasks that crop headers, publish copies
 * and draw thumbnails), so a worker dying half-way leaves nothing for the next one to undo.
 */
export class AssemblyService implements TaskHandler {
  constructor(private readonly deps: AssemblyDeps) {}

  async run(task: ClaimedTask): Promise<void> {
    await this.deps.orm.em.fork().transactional(async (em) => {
      const batch = await em.findOne(Batch, { id: task.batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!(await taskQueue.complete(em, task.id)) || !batch) return;
      const pages = await em.find(Page, { batchId: batch.id });
      if (pages.every((p) => p.extraction === 'failed')) return this.fail(em, batch);
      const plan = planAssembly(pages, batch.pagesPerCopy);
      const tasks = this.write(em, batch, pages, plan);
      batch.copies = plan.copies.length;
      batch.reviewItems = plan.review.length;
      await taskQueue.enqueue(em, tasks);
      await completeIfDone(em, this.deps.outbox, batch, this.deps.clock.now());
    });
  }

  private write(em: EntityManager, batch: Batch, pages: Page[], plan: AssemblyPlan): NewTask[] {
    const byId = new Map(pages.map((p) => [p.id, p]));
    const base = { tenantId: batch.tenantId, batchId: batch.id, priority: 0 };
    const tasks: NewTask[] = [];
    for (const planned of plan.copies) {
      const copy = Object.assign(new Copy(), {
        id: stableId('copy', batch.id, planned.key),
        tenantId: batch.tenantId,
        examId: batch.examId,
        batchId: batch.id,
        ordinal: planned.ordinal,
        assembly: planned.assembly,
        status: planned.missingPages.length === 0 ? 'complete' : 'incomplete',
        missingPages: planned.missingPages,
        sheetStudentId: planned.sheetStudentId,
        createdAt: this.deps.clock.now(),
      });
      em.persist(copy);
      for (const { pageId, number } of planned.pages) Object.assign(byId.get(pageId)!, { copyId: copy.id, pageNumber: number });
      tasks.push({ ...base, key: `copy:${copy.id}`, kind: 'copy', subjectId: copy.id });
    }
    for (const { pageId, reason } of plan.review) {
      const item = Object.assign(new ReviewItem(), {
        id: stableId('review', batch.id, pageId),
        tenantId: batch.tenantId,
        batchId: batch.id,
        pageId,
        reason,
        createdAt: this.deps.clock.now(),
      });
      em.persist(item);
      if (byId.get(pageId)!.objectKey) tasks.push({ ...base, key: `thumbnail:${item.id}`, kind: 'thumbnail', subjectId: item.id });
    }
    return tasks;
  }

  /** Not one page could be extracted: the batch fails, and says why. */
  private fail(em: EntityManager, batch: Batch): void {
    batch.status = 'failed';
    batch.errorCode = 'batch_unreadable';
    batch.completedAt = this.deps.clock.now();
    this.deps.outbox.record(em, {
      type: 'ingestion.batch.failed.v1',
      tenantId: batch.tenantId,
      correlationId: batch.correlationId,
      actor: WORKER_ACTOR,
      data: { batchId: batch.id, examId: batch.examId, code: 'batch_unreadable', message: 'no page of the PDF could be extracted' },
    });
  }
}
