import { randomUUID } from 'node:crypto';
import { eventTypes, type AnyEnvelope } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { defineConsumer, type AnyConsumerDefinition } from '@gradeline/messaging';
import { matchesEventType } from './event-match';
import { WebhookDelivery } from './webhook-delivery.entity';
import { type WebhookRepository } from './webhook.repository';

/**
 * Records one delivery per matching active subscription of the event's school, in the same
 * transaction as the consumer's inbox row: an event is queued for each subscriber exactly once.
 */
export async function recordDeliveries(em: EntityManager, repository: WebhookRepository, envelope: AnyEnvelope, now: Date): Promise<number> {
  const subscriptions = (await repository.active(em, envelope.tenantId)).filter((s) => matchesEventType(s.eventTypes, envelope.type));
  const payload = JSON.stringify(envelope);
  for (const subscription of subscriptions) {
    em.persist(
      Object.assign(new WebhookDelivery(), {
        id: randomUUID(),
        tenantId: envelope.tenantId,
        subscriptionId: subscription.id,
        eventId: envelope.id,
        eventType: envelope.type,
        payload,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
  }
  return subscriptions.length;
}

/**
 * One durable consumer per catalogued event type (NATS 2.9 allows one filter subject per
 * consumer), `gateway--webhooks-<type>`; a type added to the catalogue gets its consumer on the
 * next start.
 */
export function webhookEventConsumers(repository: WebhookRepository, now: () => Date): AnyConsumerDefinition[] {
  return eventTypes.map(
    (type) =>
      defineConsumer({
        purpose: `webhooks-${type.replace(/\./g, '-')}`,
        type,
        handler: async (envelope, ctx) => {
          const queued = await recordDeliveries(ctx.em, repository, envelope as AnyEnvelope, now());
          if (queued > 0) ctx.logger.debug({ queued }, 'webhook deliveries queued');
        },
      }) as AnyConsumerDefinition,
  );
}
