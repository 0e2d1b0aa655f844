import { defineConsumer } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { consumerRecorder } from '../../http/change-recorder';
import { type ReadingService } from './reading.service';

/**
 * ocr.copy.read.v1: keeps each copy's reading for the desk and applies AUTO decisions. A reading
 * can overtake ingestion's copy event (two services, two streams): it is retried with backoff
 * until the copy is registered.
 */
export function copyReadConsumer(readings: ReadingService, audit: AuditLog) {
  return defineConsumer({
    purpose: 'copy-readings',
    type: 'ocr.copy.read.v1',
    backoffMs: [1_000, 2_000, 5_000, 15_000, 60_000, 300_000],
    maxDeliver: 10,
    handler: async (envelope, ctx) => {
      const changes = consumerRecorder(ctx, audit, envelope.tenantId, 'exam.identification');
      const outcome = await readings.onRead(ctx.em, changes, envelope.data, new Date(envelope.occurredAt));
      ctx.logger.debug({ copyId: envelope.data.copyId, readingId: envelope.data.readingId, decision: envelope.data.decision, outcome }, 'copy read');
    },
  });
}
