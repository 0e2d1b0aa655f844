import { defineConsumer } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { consumerRecorder } from '../../http/change-recorder';
import { type CopyService } from './copy.service';

/** Registers copies (and their later page revisions) from ingestion. */
export function copyAssembledConsumer(copies: CopyService, audit: AuditLog) {
  return defineConsumer({
    purpose: 'copy-registry',
    type: 'ingestion.copy.assembled.v1',
    handler: async (envelope, ctx) => {
      const changes = consumerRecorder(ctx, audit, envelope.tenantId, 'exam.copy-registry');
      const outcome = await copies.onAssembled(ctx.em, changes, envelope.data);
      ctx.logger.debug({ copyId: envelope.data.copyId, revision: envelope.data.revision, outcome }, 'copy assembled');
    },
  });
}
