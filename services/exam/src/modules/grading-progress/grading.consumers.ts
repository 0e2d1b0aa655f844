import { type EventData } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { defineConsumer, type AnyConsumerDefinition } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { type ChangeRecorder, consumerRecorder } from '../../http/change-recorder';
import { type GradingOutcome, type GradingProgressService } from './grading-progress.service';

type GradingEvent = 'grading.copy.started.v1' | 'grading.copy.finalized.v1' | 'grading.copy.reopened.v1';
type Apply<T extends GradingEvent> = (em: EntityManager, changes: ChangeRecorder, data: EventData<T>, at: Date) => Promise<GradingOutcome>;

/**
 * grading.copy.started/finalized/reopened.v1 → IN_GRADING / GRADED / REOPENED (and the first one
 * of an exam freezes its scheme versions), moved by the system actor `exam.grading`. A copy this
 * service no longer has (purged) is skipped.
 */
export function gradingConsumers(progress: GradingProgressService, audit: AuditLog): AnyConsumerDefinition[] {
  const follow = <T extends GradingEvent>(purpose: string, type: T, apply: Apply<T>) =>
    defineConsumer({
      purpose,
      type,
      handler: async (envelope, ctx) => {
        const changes = consumerRecorder(ctx, audit, envelope.tenantId, 'exam.grading');
        const outcome = await apply(ctx.em, changes, envelope.data, new Date(envelope.occurredAt));
        ctx.logger.debug({ copyId: (envelope.data as { copyId: string }).copyId, outcome }, type);
      },
    });
  return [
    follow('grading-started', 'grading.copy.started.v1', (...args) => progress.onStarted(...args)),
    follow('grading-finalized', 'grading.copy.finalized.v1', (...args) => progress.onFinalized(...args)),
    follow('grading-reopened', 'grading.copy.reopened.v1', (...args) => progress.onReopened(...args)),
  ];
}
