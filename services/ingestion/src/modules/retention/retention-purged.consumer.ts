import { type EntityManager } from '@gradeline/db';
import { defineConsumer } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { Batch } from '../batches/batch.entity';
import { batchPrefix } from '../../shared/object-keys';

const SYSTEM_ACTOR = { kind: 'system', name: 'retention' } as const;

/** Deletes the rows of the given batches (tasks, review items, pages) and the exams' copies. */
async function deleteRows(em: EntityManager, tenantId: string, examId: string, batchIds: string[]): Promise<void> {
  if (batchIds.length > 0) {
    const list = batchIds.map(() => '?').join(', ');
    for (const table of ['ingestion_task', 'review_item', 'page']) {
      await em.execute(`delete from ${table} where tenant_id = ? and batch_id in (${list})`, [tenantId, ...batchIds]);
    }
  }
  await em.execute('delete from copy where tenant_id = ? and exam_id = ?', [tenantId, examId]);
  await em.execute('delete from batch where tenant_id = ? and exam_id = ?', [tenantId, examId]);
}

/**
 * Export's retention job expired these exams: ingestion deletes its own data of them, the batches'
 * objects (sources, page images, crops, thumbnails) first, then the rows, and audits each exam as a
 * system action. Deleting objects is idempotent, so a retried message simply finds less to delete.
 */
export function retentionPurgedConsumer(deps: { store: ObjectStore; audit: AuditLog }) {
  return defineConsumer({
    purpose: 'retention-purge',
    type: 'export.retention.purged.v1',
    batchSize: 1,
    handler: async (envelope, ctx) => {
      const tenantId = envelope.tenantId;
      for (const examId of envelope.data.examIds) {
        const batches = await ctx.em.find(Batch, { tenantId, examId }, { fields: ['id'] });
        let objects = 0;
        for (const batch of batches) {
          objects += await deps.store.deletePrefix(batchPrefix(tenantId, batch.id));
          ctx.working();
        }
        await deleteRows(ctx.em, tenantId, examId, batches.map((b) => b.id));
        deps.audit.record(ctx.em, {
          tenantId,
          actor: SYSTEM_ACTOR,
          action: 'retention.purged',
          subjectType: 'exam',
          subjectId: examId,
          details: { batches: batches.length, objects, causationId: envelope.id },
        });
      }
    },
  });
}
