import { type WebhookDeliveryStatus } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** One event on its way to one subscription: its attempts, and the envelope it carries. */
export class WebhookDelivery {
  id!: string;
  tenantId!: string;
  subscriptionId!: string;
  eventId!: string;
  eventType!: string;
  /** The envelope JSON exactly as it is sent and signed. */
  payload!: string;
  status: WebhookDeliveryStatus = 'pending';
  attempts = 0;
  lastStatusCode: number | null = null;
  lastError: string | null = null;
  /** When the worker may (re)try it; while an attempt runs, the end of its lease. */
  nextAttemptAt: Date | null = new Date();
  lastAttemptAt: Date | null = null;
  deliveredAt: Date | null = null;
  createdAt: Date = new Date();
}

export const webhookDeliveryEntity = new EntitySchema<WebhookDelivery>({
  class: WebhookDelivery,
  tableName: 'webhook_delivery',
  uniques: [{ properties: ['subscriptionId', 'eventId'] }],
  indexes: [{ properties: ['status', 'nextAttemptAt'] }, { properties: ['subscriptionId', 'createdAt'] }, { properties: ['createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    subscriptionId: { type: 'uuid' },
    eventId: { type: 'uuid' },
    eventType: { type: 'text' },
    payload: { type: 'text' },
    status: { type: 'text' },
    attempts: { type: 'integer' },
    lastStatusCode: { type: 'integer', nullable: true },
    lastError: { type: 'text', nullable: true },
    nextAttemptAt: { type: 'datetime', nullable: true },
    lastAttemptAt: { type: 'datetime', nullable: true },
    deliveredAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
