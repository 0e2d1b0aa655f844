import { defineConsumer, type HandlerContext } from '@gradeline/messaging';
import { lockCopy } from './copy.repository';

/**
 * Who grades the copy. A newer assignment by the exam service also ends an admin's earlier take-over:
 * the copy has a new corrector of record.
 */
async function assign(ctx: HandlerContext, tenantId: string, occurredAt: string, copyId: string, examId: string, correctorId: string | null): Promise<void> {
  const at = new Date(occurredAt);
  const { copy, doc } = await lockCopy(ctx.em, tenantId, copyId, examId);
  if (copy.assignedAt !== null && at < copy.assignedAt) return;
  copy.correctorId = correctorId;
  copy.assignedAt = at;
  if (doc.takenOverAt !== null && doc.takenOverAt < at) {
    doc.takenOverBy = null;
    doc.takenOverAt = null;
  }
  await ctx.em.flush();
}

export const copyDispatchedConsumer = defineConsumer({
  purpose: 'assignments-dispatched',
  type: 'exam.copy.dispatched.v1',
  handler: (e, ctx) => assign(ctx, e.tenantId, e.occurredAt, e.data.copyId, e.data.examId, e.data.correctorId),
});

export const copyReassignedConsumer = defineConsumer({
  purpose: 'assignments-reassigned',
  type: 'exam.copy.reassigned.v1',
  handler: (e, ctx) => assign(ctx, e.tenantId, e.occurredAt, e.data.copyId, e.data.examId, e.data.toCorrectorId),
});
