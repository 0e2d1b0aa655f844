import { type BatchView, type Pagination } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { Batch } from './batch.entity';

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
