import { type EntityManager } from '@gradeline/db';
import { defineConsumer } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { GradingCopy } from '../copies/copy.entity';
import { renditionPrefix } from '../pages/page-rendition.service';
import { type SchemeRepository } from '../schemes/scheme.repository';

// Tables holding rows per copy of an exam, then per exam (children first).
const PER_COPY = ['node_score', 'annotation', 'draft', 'second_look', 'grading_document'];
const PER_EXAM = ['copy', 'scheme_version', 'bank_comment'];

/**
 * Export purged these exams (their retention expired): delete grading's own rows and renditions
 * of them, in the event's school only, and audit it as a system action. Deleting objects is
 * idempotent, so a retried message does no harm.
 */
export function retentionPurgedConsumer(deps: { store: ObjectStore; audit: AuditLog; schemes: SchemeRepository }) {
  return defineConsumer({
    purpose: 'retention',
    type: 'export.retention.purged.v1',
    batchSize: 1,
    async handler(envelope, ctx) {
      const { tenantId } = envelope;
      for (const examId of envelope.data.examIds) {
        const copies = await ctx.em.find(GradingCopy, { tenantId, examId }, { fields: ['id'] });
        let objects = 0;
        for (const copy of copies) {
          objects += await deps.store.deletePrefix(renditionPrefix(tenantId, copy.id));
          ctx.working();
        }
        await purgeRows(ctx.em, tenantId, examId);
        deps.schemes.forget(tenantId, examId);
        deps.audit.record(ctx.em, {
          tenantId,
          actor: { kind: 'system', name: 'retention' },
          action: 'retention.purged',
          subjectType: 'exam',
          subjectId: examId,
          details: { copies: copies.length, objects, causationId: envelope.id },
        });
      }
      await ctx.em.flush();
    },
  });
}

async function purgeRows(em: EntityManager, tenantId: string, examId: string): Promise<void> {
  for (const table of PER_COPY) {
    await em.execute(`delete from "${table}" where "tenant_id" = ? and "copy_id" in (select "id" from "copy" where "tenant_id" = ? and "exam_id" = ?)`, [tenantId, tenantId, examId]);
  }
  for (const table of PER_EXAM) await em.execute(`delete from "${table}" where "tenant_id" = ? and "exam_id" = ?`, [tenantId, examId]);
  await em.execute(`delete from "exam" where "tenant_id" = ? and "id" = ?`, [tenantId, examId]);
}
