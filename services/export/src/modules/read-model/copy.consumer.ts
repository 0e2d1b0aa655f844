import { defineConsumer, type AnyConsumerDefinition, type HandlerContext } from '@gradeline/messaging';
import { NotYetRenderableError, type CopyPdfService } from '../rendering/copy-pdf.service';
import { recordRendered } from '../rendering/copy-finalized.consumer';
import { Copy, currentResult } from './copy.entity';
import { copyRow } from './copy.repository';
import { Student } from './student.entity';

const STUDENT_WAIT_DELIVERIES = 4;

/** A graded copy identified (or not) after its PDF was rendered is rendered again with its new header. */
async function identify(ctx: HandlerContext, pdfs: CopyPdfService, tenantId: string, ids: { copyId: string; examId: string }, studentId: string | null): Promise<void> {
  const copy = await copyRow(ctx.em, tenantId, ids.copyId, ids.examId);
  copy.studentId = studentId;
  const result = currentResult(copy);
  if (!result || copy.pages.length === 0) return;
  // A student not known yet (identity's events are not ordered with exam's, and its consumer may be
  // committing right now): retry a few times (1 s, 5 s, 15 s), then record the identification
  // anyway; a student arriving later gets their graded copies rendered then (identity.consumer.ts).
  if (studentId && !(await ctx.em.findOne(Student, { id: studentId, tenantId }))) {
    if (ctx.deliveryCount < STUDENT_WAIT_DELIVERIES) throw new NotYetRenderableError('student not known yet');
    return;
  }
  ctx.working();
  await pdfs.renderAndStore(ctx.em, copy, result);
  recordRendered(ctx.outbox, copy);
}

/** Pages and anonymous code, status, student, assignee and release of each copy. */
export function copyConsumers(pdfs: CopyPdfService): AnyConsumerDefinition[] {
  return [
    defineConsumer({
      purpose: 'copy-registered',
      type: 'exam.copy.registered.v1',
      handler: async ({ data, tenantId }, ctx) => {
        const copy = await copyRow(ctx.em, tenantId, data.copyId, data.examId);
        Object.assign(copy, { anonymousCode: data.anonymousCode, pages: data.pages, status: data.status });
      },
    }),
    defineConsumer({
      purpose: 'copy-transitioned',
      type: 'exam.copy.transitioned.v1',
      handler: async ({ data, tenantId }, ctx) => void ((await copyRow(ctx.em, tenantId, data.copyId, data.examId)).status = data.to),
    }),
    defineConsumer({
      purpose: 'copy-identified',
      type: 'exam.copy.identified.v1',
      handler: async ({ data, tenantId }, ctx) => identify(ctx, pdfs, tenantId, data, data.studentId),
    }),
    defineConsumer({
      purpose: 'copy-unidentified',
      type: 'exam.copy.unidentified.v1',
      handler: async ({ data, tenantId }, ctx) => identify(ctx, pdfs, tenantId, data, null),
    }),
    defineConsumer({
      purpose: 'copy-dispatched',
      type: 'exam.copy.dispatched.v1',
      handler: async ({ data, tenantId }, ctx) => void ((await copyRow(ctx.em, tenantId, data.copyId, data.examId)).correctorId = data.correctorId),
    }),
    defineConsumer({
      purpose: 'copy-reassigned',
      type: 'exam.copy.reassigned.v1',
      handler: async ({ data, tenantId }, ctx) => void ((await copyRow(ctx.em, tenantId, data.copyId, data.examId)).correctorId = data.toCorrectorId),
    }),
    defineConsumer({
      purpose: 'results-released',
      type: 'exam.results.released.v1',
      handler: async ({ data, tenantId }, ctx) => {
        for (const copyId of data.copyIds) (await copyRow(ctx.em, tenantId, copyId, data.examId)).releasedAt = new Date(data.releasedAt);
      },
    }),
    defineConsumer({
      purpose: 'results-withdrawn',
      type: 'exam.results.withdrawn.v1',
      handler: async ({ data, tenantId }, ctx) => {
        await ctx.em.nativeUpdate(Copy, { tenantId, examId: data.examId, id: { $in: data.copyIds } }, { releasedAt: null });
      },
    }),
    defineConsumer({
      purpose: 'copy-reopened',
      type: 'grading.copy.reopened.v1',
      handler: async ({ data, tenantId }, ctx) => {
        const copy = await copyRow(ctx.em, tenantId, data.copyId, data.examId);
        // A reopen older than the result in hand (events of two consumers may cross) changes nothing.
        if (!copy.result || copy.result.version <= data.version) copy.resultOutOfDate = true;
      },
    }),
  ];
}
