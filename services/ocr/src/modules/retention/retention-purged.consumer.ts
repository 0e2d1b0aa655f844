import { defineConsumer } from '@gradeline/messaging';
import { CopyIdentification } from '../exams/copy-identification.entity';
import { ExamView } from '../exams/exam-view.entity';
import { RematchRequest } from '../matching/rematch-request.entity';
import { type OcrModules } from '../ocr-modules';
import { Reading } from '../reading/reading.entity';

/**
 * Export's retention job purged these exams: delete this service's rows of them (readings with
 * what was read, identifications, pending re-matches, the exam itself). OCR stores no objects: the
 * header crops are ingestion's. Audited as a system action, one entry per exam.
 */
export function retentionPurgedConsumer({ deps }: OcrModules) {
  return defineConsumer({
    purpose: 'retention-purge',
    type: 'export.retention.purged.v1',
    handler: async ({ tenantId, data, id }, { em }) => {
      for (const examId of data.examIds) {
        const where = { tenantId, examId };
        const readings = await em.nativeDelete(Reading, where);
        await em.nativeDelete(CopyIdentification, where);
        await em.nativeDelete(RematchRequest, where);
        const exams = await em.nativeDelete(ExamView, { tenantId, id: examId });
        deps.audit.record(em, {
          tenantId, actor: { kind: 'system', name: 'retention' }, action: 'retention.purged',
          subjectType: 'exam', subjectId: examId, details: { readings, exams, causationId: id },
        });
      }
    },
  });
}
