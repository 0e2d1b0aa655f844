import { type EntityManager } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { taskQueue } from '../tasks/task.repository';
import { LockMode } from '@mikro-orm/core';
import { Batch, CODE_SAMPLE_PAGES } from './batch.entity';

export const WORKER_ACTOR = { kind: 'system', name: 'ingestion-worker' } as const;

export interface PageOutcome {
  scanIndex: number;
  images: number;
  /** A sheet code (ours or not) was read on the page. */
  coded: boolean;
}

/** The fields of a batch that page tasks move forward. */
export type BatchProgress = Pick<
  Batch,
  'id' | 'tenantId' | 'examId' | 'correlationId' | 'status' | 'pagesTotal' | 'pagesDone' | 'progressStep' | 'codeMode' | 'codeMisses' | 'images'
>;

/** Counts a processed page on its batch (the batch row is locked by the caller), and what it tells of the batch's code mode. */
export function countPage(batch: BatchProgress, outcome: PageOutcome): void {
  batch.status = 'processing';
  batch.pagesDone += 1;
  batch.images += outcome.images;
  if (batch.codeMode === 'unknown') {
    if (outcome.coded) batch.codeMode = 'present';
    else if (outcome.scanIndex < CODE_SAMPLE_PAGES) {
      batch.codeMisses += 1;
      if (batch.codeMisses >= Math.min(CODE_SAMPLE_PAGES, batch.pagesTotal)) batch.codeMode = 'absent';
    }
  }
}

/** Takes back pages counted earlier that are to be processed again (they count when they are done). */
export function uncountPages(batch: BatchProgress, taken: { pages: number; images: number }): void {
  batch.pagesDone -= taken.pages;
  batch.images -= taken.images;
}

/**
 * After pages are counted: a progress event at most every 5%, and the assembly task after the last
 * page (the batch row is locked by the caller).
 */
export async function pagesCounted(em: EntityManager, outbox: Outbox, batch: BatchProgress): Promise<void> {
  const step = Math.floor((batch.pagesDone * 20) / batch.pagesTotal);
  if (step > batch.progressStep) {
    batch.progressStep = step;
    outbox.record(em, {
      type: 'ingestion.batch.progressed.v1',
      tenantId: batch.tenantId,
      correlationId: batch.correlationId,
      actor: WORKER_ACTOR,
      data: { batchId: batch.id, examId: batch.examId, pagesTotal: batch.pagesTotal, pagesDone: batch.pagesDone },
    });
  }
  if (batch.pagesDone === batch.pagesTotal) {
    batch.status = 'assembling';
    await taskQueue.enqueue(em, [{ key: `assemble:${batch.id}`, kind: 'assemble', tenantId: batch.tenantId, batchId: batch.id, priority: 0 }]);
  }
}

/**
 * Completes a batch whose assembly is written and whose copy and thumbnail tasks are all done
 * (the batch row is locked by the caller, so two last tasks cannot both complete it).
 */
export async function completeIfDone(em: EntityManager, outbox: Outbox, batch: Batch, now: Date): Promise<void> {
  if (batch.status !== 'assembling') return;
  if ((await taskQueue.pendingCount(em, batch.id)) > 0) return;
  batch.status = 'completed';
  batch.completedAt = now;
  outbox.record(em, {
    type: 'ingestion.batch.completed.v1',
    tenantId: batch.tenantId,
    correlationId: batch.correlationId,
    actor: WORKER_ACTOR,
    data: { batchId: batch.id, examId: batch.examId, pages: batch.images, copies: batch.copies, reviewItems: batch.reviewItems },
  });
}

/**
 * For the tasks that follow assembly: locks the batch row as the transaction's last step (so
 * concurrent copy tasks hold it only for this), then completes the batch if nothing is left.
 */
export async function completeBatchIfDone(em: EntityManager, outbox: Outbox, batchId: string, now: Date): Promise<void> {
  const batch = await em.findOne(Batch, { id: batchId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (batch) await completeIfDone(em, outbox, batch, now);
}
