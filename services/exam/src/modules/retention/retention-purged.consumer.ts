import { defineConsumer } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { type ObjectStore } from '@gradeline/storage';
import { Copy } from '../copy/copy.entity';
import { DispatchRun } from '../dispatch/dispatch-run.entity';
import { Exam } from '../exam/exam.entity';
import { CopyReading } from '../identification/copy-reading.entity';
import { SchemeVersion } from '../scheme/scheme-version.entity';

/** Where the exam service would keep an exam's objects; it stores none yet (sheets are streamed). */
export const examObjectPrefix = (tenantId: string, examId: string) => `${tenantId}/exams/${examId}/`;

/**
 * export.retention.purged.v1: export found these exams past the school's retention and purged its
 * own data; the exam service deletes its rows of them (exam, scheme versions, copies with their
 * identification, OCR readings, dispatch runs) and any objects under the exam's prefix, within the
 * event's school only.
 */
export function retentionPurgedConsumer(deps: { audit: AuditLog; store: ObjectStore }) {
  return defineConsumer({
    purpose: 'retention-purge',
    type: 'export.retention.purged.v1',
    batchSize: 1,
    handler: async (envelope, ctx) => {
      const tenantId = envelope.tenantId;
      for (const examId of envelope.data.examIds) {
        const readings = await ctx.em.nativeDelete(CopyReading, { tenantId, examId });
        const dispatchRuns = await ctx.em.nativeDelete(DispatchRun, { tenantId, examId });
        const copies = await ctx.em.nativeDelete(Copy, { tenantId, examId });
        const schemeVersions = await ctx.em.nativeDelete(SchemeVersion, { tenantId, examId });
        const exams = await ctx.em.nativeDelete(Exam, { tenantId, id: examId });
        // Idempotent: a redelivery after a failed commit deletes nothing more.
        const objects = await deps.store.deletePrefix(examObjectPrefix(tenantId, examId));
        ctx.working();
        if (exams + copies + schemeVersions + readings + dispatchRuns + objects === 0) continue;
        deps.audit.record(ctx.em, {
          tenantId,
          actor: { kind: 'system', name: 'exam.retention' },
          action: 'exam.purged',
          subjectType: 'exam',
          subjectId: examId,
          details: { copies, schemeVersions, readings, dispatchRuns, objects },
        });
      }
    },
  });
}
