import { type BatchView, type Pagination } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { Batch, type CodeMode } from './batch.entity';
import { type BatchProgress } from './batch-progress';

/** The caller's batch, or 404 for one that does not exist or is another school's. */
export async function batchOfTenant(em: EntityManager, tenantId: string, batchId: string): Promise<Batch> {
  const batch = await em.findOne(Batch, { id: batchId, tenantId });
  if (!batch) throw notFound('batch');
  return batch;
}

export async function batchesOfExam(em: EntityManager, tenantId: string, examId: string, page: Pagination): Promise<[Batch[], number]> {
  return em.findAndCount(Batch, { tenantId, examId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: page.limit, offset: page.offset });
}

/** Open review items per batch. */
export async function openReviewCounts(em: EntityManager, batchIds: string[]): Promise<Map<string, number>> {
  if (batchIds.length === 0) return new Map();
  const rows = await em.execute<Array<{ batch_id: string; n: number }>>(
    `select batch_id, count(*)::int as n from review_item where status = 'open' and batch_id in (${batchIds.map(() => '?').join(', ')}) group by batch_id`,
    batchIds,
  );
  return new Map(rows.map((r) => [r.batch_id, r.n]));
}

export function batchView(batch: Batch, openReviewItems: number): BatchView {
  return {
    id: batch.id,
    examId: batch.examId,
    status: batch.status,
    fileName: batch.fileName,
    size: batch.size,
    sha256: batch.sha256,
    pages: batch.pagesTotal,
    pagesDone: batch.pagesDone,
    progress: batch.pagesTotal === 0 ? 0 : Math.floor((batch.pagesDone * 100) / batch.pagesTotal),
    images: batch.images,
    copies: batch.copies,
    openReviewItems,
    reviewItems: batch.reviewItems,
    errorCode: batch.errorCode,
    createdAt: batch.createdAt.toISOString(),
    completedAt: batch.completedAt?.toISOString() ?? null,
  };
}

interface ProgressRow {
  id: string;
  tenant_id: string;
  exam_id: string;
  correlation_id: string;
  status: BatchProgress['status'];
  pages_total: number;
  pages_done: number;
  progress_step: number;
  code_mode: CodeMode;
  code_misses: number;
  images: number;
}

// Page tasks touch the batch once per page: plain statements, without loading the entity.

/** Locks the batch row for the caller's transaction and reads its progress; null when it is gone. */
export async function lockProgress(em: EntityManager, batchId: string): Promise<BatchProgress | null> {
  const [row] = await em.execute<ProgressRow[]>(
    `select id, tenant_id, exam_id, correlation_id, status, pages_total, pages_done, progress_step, code_mode, code_misses, images
     from batch where id = ? for update`,
    [batchId],
  );
  if (!row) return null;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    examId: row.exam_id,
    correlationId: row.correlation_id,
    status: row.status,
    pagesTotal: row.pages_total,
    pagesDone: row.pages_done,
    progressStep: row.progress_step,
    codeMode: row.code_mode,
    codeMisses: row.code_misses,
    images: row.images,
  };
}

export async function saveProgress(em: EntityManager, p: BatchProgress): Promise<void> {
  await em.execute(
    'update batch set status = ?, pages_done = ?, progress_step = ?, code_mode = ?, code_misses = ?, images = ? where id = ?',
    [p.status, p.pagesDone, p.progressStep, p.codeMode, p.codeMisses, p.images, p.id],
  );
}
