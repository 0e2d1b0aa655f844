import { type EntityManager, type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type Clock } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { LockMode } from '@mikro-orm/core';
import { Batch } from '../batches/batch.entity';
import { completeIfDone, WORKER_ACTOR } from '../batches/batch-progress';
import { Page } from '../pages/page.entity';
import { ReviewItem } from '../review/review-item.entity';
import { taskQueue, type ClaimedTask, type NewTask } from '../tasks/task.repository';
import { type TaskHandler } from '../tasks/task.worker';
import { stableId } from '../../shared/stable-id';
import { copyIdOf, planAssembly, type AssemblyPlan, type PlannedCopy } from './assembly-plan';
import { recordPublication } from './copy-publication.service';
import { Copy } from './copy.entity';
import { cropHeader, headerCutFrom, type HeaderCrop } from './header-crop';

export interface AssemblyDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  clock: Clock;
}

/** Header crops cut at once: storage reads and writes overlap the JPEG work of the others. */
const CROPS_AT_ONCE = 8;

const firstPageOf = (planned: PlannedCopy) => planned.pages.find((p) => p.number === 1)?.pageId ?? null;

/**
 * The `assemble` task of a batch whose pages are all processed. The header of each planned copy's
 * page 1 is ready (most were cut with their page, see copyKeyOpenedBy) or cut first; then one
 * transaction writes the plan (copies, page places, review items, the tasks that draw thumbnails)
 * and publishes the copies, so a worker dying half-way leaves nothing for the next one to undo
 * (it cuts the same crops again, under the same keys). A copy whose crop is missing gets a `copy`
 * task instead, as a copy republished after review does.
 */
export class AssemblyService implements TaskHandler {
  constructor(private readonly deps: AssemblyDeps) {}

  async run(task: ClaimedTask): Promise<void> {
    // The pages of a batch being assembled no longer change: the plan made here is the one written below.
    const crops = await this.cropHeaders(task.batchId);
    await this.deps.orm.em.fork().transactional(async (em) => {
      const batch = await em.findOne(Batch, { id: task.batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!(await taskQueue.complete(em, task.id)) || !batch) return;
      const pages = await em.find(Page, { batchId: batch.id });
      if (pages.every((p) => p.extraction === 'failed')) return this.fail(em, batch);
      const plan = planAssembly(pages, batch.pagesPerCopy);
      const tasks = this.write(em, batch, pages, plan, crops);
      batch.copies = plan.copies.length;
      batch.reviewItems = plan.review.length;
      await taskQueue.enqueue(em, tasks);
      await completeIfDone(em, this.deps.outbox, batch, this.deps.clock.now());
    });
  }

  /** The header crop of every planned copy's page 1, by copy id. */
  private async cropHeaders(batchId: string): Promise<Map<string, HeaderCrop>> {
    const em = this.deps.orm.em.fork();
    const crops = new Map<string, HeaderCrop>();
    const batch = await em.findOne(Batch, { id: batchId });
    if (!batch || batch.status !== 'assembling') return crops;
    const pages = new Map((await em.find(Page, { batchId })).map((p) => [p.id, p]));
    const firsts = planAssembly([...pages.values()], batch.pagesPerCopy).copies.flatMap((planned) => {
      const first = pages.get(firstPageOf(planned) ?? '');
      return first?.objectKey ? [{ copyId: copyIdOf(batch.id, planned.key), first }] : [];
    });
    let next = 0;
    const cutter = async () => {
      while (next < firsts.length) {
        const { copyId, first } = firsts[next++]!;
        const copy = { id: copyId, tenantId: batch.tenantId, batchId };
        // Most were cut with their page (PageTaskService): only the ones the guess missed are cut here.
        const crop = (await headerCutFrom(this.deps.store, copy, first.id)) ?? (await cropHeader(this.deps.store, copy, first, batch.headerRegion));
        crops.set(copyId, crop);
      }
    };
    await Promise.all(Array.from({ length: CROPS_AT_ONCE }, cutter));
    return crops;
  }

  private write(em: EntityManager, batch: Batch, pages: Page[], plan: AssemblyPlan, crops: Map<string, HeaderCrop>): NewTask[] {
    const byId = new Map(pages.map((p) => [p.id, p]));
    const base = { tenantId: batch.tenantId, batchId: batch.id, priority: 0 };
    const tasks: NewTask[] = [];
    for (const planned of plan.copies) {
      const copy = Object.assign(new Copy(), {
        id: copyIdOf(batch.id, planned.key),
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
      const first = firstPageOf(planned);
      const crop = crops.get(copy.id) ?? null;
      if ((crop?.pageId ?? null) === first) {
        const placed = planned.pages.map((p) => byId.get(p.pageId)!).sort((a, b) => a.pageNumber! - b.pageNumber!);
        recordPublication(em, this.deps.outbox, copy, placed, batch.correlationId, crop);
      } else tasks.push({ ...base, key: `copy:${copy.id}`, kind: 'copy', subjectId: copy.id });
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
