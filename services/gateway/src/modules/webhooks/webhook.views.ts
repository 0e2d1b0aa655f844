import { type Webhook, type WebhookDelivery as WebhookDeliveryView } from '@gradeline/contracts';
import { type WebhookDelivery } from './webhook-delivery.entity';
import { type WebhookSubscription } from './webhook-subscription.entity';

export function webhookView(s: WebhookSubscription): Webhook {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    active: s.active,
    description: s.description,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/** The strong ETag of a subscription version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
