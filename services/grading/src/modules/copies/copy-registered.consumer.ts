import { defineConsumer } from '@gradeline/messaging';
import { applyStatus, lockCopy } from './copy.repository';

/** Pages (object keys, sizes) and the anonymous code of a copy; a later revision replaces the pages. */
export const copyRegisteredConsumer = defineConsumer({
  purpose: 'copies-registered',
  type: 'exam.copy.registered.v1',
  async handler(envelope, ctx) {
    const { data } = envelope;
    const at = new Date(envelope.occurredAt);
    const { copy } = await lockCopy(ctx.em, envelope.tenantId, data.copyId, data.examId);
    if (copy.pagesAt === null || at >= copy.pagesAt) {
      copy.pages = [...data.pages].sort((a, b) => a.number - b.number);
      copy.anonymousCode = data.anonymousCode;
      copy.pagesAt = at;
    }
    applyStatus(copy, data.status, at, null);
    await ctx.em.flush();
  },
});

/** The copy's status, as the exam service moves it. */
export const copyTransitionedConsumer = defineConsumer({
  purpose: 'copy-status',
  type: 'exam.copy.transitioned.v1',
  async handler(envelope, ctx) {
    const { data } = envelope;
    const { copy } = await lockCopy(ctx.em, envelope.tenantId, data.copyId, data.examId);
    applyStatus(copy, data.to, new Date(envelope.occurredAt), data.from);
    await ctx.em.flush();
  },
});
