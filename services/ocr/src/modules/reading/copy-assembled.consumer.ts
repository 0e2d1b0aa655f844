import { defineConsumer } from '@gradeline/messaging';
import { type OcrModules } from '../ocr-modules';
import { MATCHER } from '../matching/match-cause';

/**
 * Reads each assembled copy's header (or its prenamed QR sheet) and matches its exam. Slow work
 * (OCR, ~0.3-1 s): one message per transaction, as many at once as there are OCR workers. A copy
 * that arrives before its exam waits: retried with backoff for about half an hour.
 */
export function copyAssembledConsumer({ readings, deps }: OcrModules) {
  return defineConsumer({
    purpose: 'read-headers',
    type: 'ingestion.copy.assembled.v1',
    batchSize: 1,
    concurrency: deps.config.OCR_WORKERS,
    ackWaitMs: 60_000,
    maxDeliver: 14,
    backoffMs: [2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000],
    handler: (envelope, ctx) =>
      readings.readAssembled(ctx.em, envelope.tenantId, envelope.data, { correlationId: envelope.correlationId, causationId: envelope.id, actor: MATCHER }, () =>
        ctx.working(),
      ),
  });
}
