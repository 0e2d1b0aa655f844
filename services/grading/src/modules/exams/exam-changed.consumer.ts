import { defineConsumer, PermanentError, type HandlerContext } from '@gradeline/messaging';
import { type Envelope } from '@gradeline/contracts';
import { LockMode } from '@mikro-orm/core';
import { GradingExam } from './exam.entity';

type ExamEnvelope = Envelope<'exam.exam.created.v1'> | Envelope<'exam.exam.updated.v1'>;

/** Keeps the exam's correctors, leads, owner and header region; an older event never overwrites a newer one. */
async function applyExam(envelope: ExamEnvelope, ctx: HandlerContext): Promise<void> {
  const { data, tenantId } = envelope;
  const at = new Date(envelope.occurredAt);
  let exam = await ctx.em.findOne(GradingExam, { id: data.examId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (exam && exam.tenantId !== tenantId) throw new PermanentError('tenant_mismatch', 'the exam belongs to another school');
  if (exam && exam.eventAt > at) return;
  if (!exam) {
    exam = Object.assign(new GradingExam(), { id: data.examId, tenantId });
    ctx.em.persist(exam);
  }
  Object.assign(exam, {
    correctorIds: data.correctorIds,
    leadTeacherIds: data.leadTeacherIds,
    ownerId: data.ownerId ?? null,
    headerRegion: data.headerRegion,
    status: data.status,
    pagesPerCopy: data.pagesPerCopy,
    eventAt: at,
  });
  await ctx.em.flush();
}

export const examCreatedConsumer = defineConsumer({ purpose: 'exams-created', type: 'exam.exam.created.v1', handler: applyExam });
export const examUpdatedConsumer = defineConsumer({ purpose: 'exams-updated', type: 'exam.exam.updated.v1', handler: applyExam });
