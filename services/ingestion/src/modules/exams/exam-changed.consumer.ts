import { type Envelope, type ExamCreatedV1 } from '@gradeline/contracts';
import { defineConsumer, type HandlerContext } from '@gradeline/messaging';
import { ExamView } from './exam-view.entity';

/**
 * Keeps the exam read model. Created and updated events arrive on two consumers (one subject
 * each), so they can interleave: an event older than what is stored is ignored.
 */
async function applyExam(envelope: Envelope<'exam.exam.created.v1' | 'exam.exam.updated.v1'>, ctx: HandlerContext): Promise<void> {
  const data: ExamCreatedV1 = envelope.data;
  const at = new Date(envelope.occurredAt);
  const known = await ctx.em.findOne(ExamView, { id: data.examId });
  if (known && known.tenantId !== envelope.tenantId) {
    ctx.logger.warn({ examId: data.examId }, 'exam event names another school than the one known; ignored');
    return;
  }
  if (known && known.changedAt > at) return;
  const view = known ?? Object.assign(new ExamView(), { id: data.examId, tenantId: envelope.tenantId });
  Object.assign(view, { status: data.status, pagesPerCopy: data.pagesPerCopy, headerRegion: data.headerRegion, changedAt: at });
  ctx.em.persist(view);
}

export const examCreatedConsumer = defineConsumer({ purpose: 'exam-created', type: 'exam.exam.created.v1', handler: applyExam });
export const examUpdatedConsumer = defineConsumer({ purpose: 'exam-updated', type: 'exam.exam.updated.v1', handler: applyExam });
