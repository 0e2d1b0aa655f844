import { defineConsumer } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { examRepository } from '../exam/exam.repository';

/**
 * grading.copy.started.v1: the first score on any copy freezes the exam's scheme versions (see
 * SchemeService). Moving the copy to IN_GRADING comes with dispatch, in the same consumer.
 */
export function gradingStartedConsumer(audit: AuditLog) {
  return defineConsumer({
    purpose: 'grading-started',
    type: 'grading.copy.started.v1',
    handler: async (envelope, ctx) => {
      const { examId, copyId } = envelope.data;
      const first = await examRepository.markScoresExist(ctx.em, envelope.tenantId, examId, new Date(envelope.occurredAt));
      if (!first) return;
      audit.record(ctx.em, {
        tenantId: envelope.tenantId,
        actor: { kind: 'system', name: 'exam.scheme' },
        action: 'scheme.frozen',
        subjectType: 'exam',
        subjectId: examId,
        details: { copyId },
      });
    },
  });
}
