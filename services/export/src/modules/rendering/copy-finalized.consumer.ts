import { defineConsumer, type FollowUpOutbox } from '@gradeline/messaging';
import { type Copy, type CopyResult } from '../read-model/copy.entity';
import { copyRow } from '../read-model/copy.repository';
import { type CopyPdfService } from './copy-pdf.service';

/** Records the rendered PDF's event (webhooks tell integrators the PDF exists). */
export function recordRendered(outbox: FollowUpOutbox, copy: Copy): void {
  if (!copy.pdf) return;
  outbox.record({
    type: 'export.copy.rendered.v1',
    data: { copyId: copy.id, examId: copy.examId, version: copy.pdf.version, objectKey: copy.pdf.key, pageCount: copy.pdf.pageCount, size: copy.pdf.size },
  });
}

/**
 * `grading.copy.finalized.v1`: keeps the result and renders its graded PDF. A lower version than the
 * one in hand (a late redelivery) changes nothing; the same version renders again over the same key.
 */
export function copyFinalizedConsumer(pdfs: CopyPdfService) {
  return defineConsumer({
    purpose: 'render-finalized-copy',
    type: 'grading.copy.finalized.v1',
    batchSize: 1,
    concurrency: 2,
    ackWaitMs: 60_000,
    handler: async ({ data, tenantId }, ctx) => {
      const copy = await copyRow(ctx.em, tenantId, data.copyId, data.examId);
      if (copy.result && data.version < copy.result.version) return;
      const { copyId: _c, examId: _e, ...fields } = data;
      const result: CopyResult = fields;
      copy.result = result;
      copy.resultOutOfDate = false;
      ctx.working();
      await pdfs.renderAndStore(ctx.em, copy, result);
      recordRendered(ctx.outbox, copy);
    },
  });
}
