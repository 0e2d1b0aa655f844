import { EntitySchema } from '@mikro-orm/core';

/** An integrator's subscription: where a school's events go, and the secret that signs them. */
export class WebhookSubscription {
  id!: string;
  tenantId!: string;
  url!: string;
  /** Exact event types and `<service>.*` patterns. */
  eventTypes!: string[];
  active = true;
  description = '';
  /** The signing secret, AES-256-GCM under WEBHOOK_SIGNING_SECRET (see secret-box.ts). */
  secretCipher!: string;
  version = 1;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const webhookSubscriptionEntity = new EntitySchema<WebhookSubscription>({
  class: WebhookSubscription,
  tableName: 'webhook_subscription',
  indexes: [{ properties: ['tenantId', 'active'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    url: { type: 'text' },
    eventTypes: { type: 'json' },
    active: { type: 'boolean' },
    description: { type: 'text' },
    secretCipher: { type: 'text' },
    version: { type: 'integer', version: true },
    createdBy: { type: 'uuid', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});
