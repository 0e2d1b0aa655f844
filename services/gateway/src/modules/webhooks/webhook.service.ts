import { randomUUID } from 'node:crypto';
import {
  type Webhook,
  type WebhookCreate,
  type WebhookCreated,
  type WebhookDelivery as WebhookDeliveryView,
  type WebhookDeliveryPage,
  type WebhookDeliveryQuery,
  type WebhookUpdate,
} from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { newSigningSecret, type SecretBox } from './secret-box';
import { checkTarget, type Resolver, type TargetPolicy } from './target-guard';
import { type WebhookRepository } from './webhook.repository';
import { deliveryView, webhookView } from './webhook.views';
import { WebhookSubscription } from './webhook-subscription.entity';

/** Who acts, as the audit log records it (from the authenticated request). */
export type Acting = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;

export interface WebhookServiceDeps {
  repository: WebhookRepository;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  policy: TargetPolicy;
  resolver?: Resolver;
}

/** The rules of subscriptions: valid targets, secrets shown once, versions, audit. */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async create(em: EntityManager, acting: Acting, input: WebhookCreate): Promise<WebhookCreated> {
    await checkTarget(input.url, this.deps.policy, this.deps.resolver);
    const secret = newSigningSecret();
    const now = this.deps.clock.now();
    const id = randomUUID();
    const subscription = Object.assign(new WebhookSubscription(), {
      id,
      tenantId: acting.tenantId,
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)],
      active: input.active,
      description: input.description,
      secretCipher: this.deps.secrets.seal(secret, id),
      createdBy: acting.actor.kind === 'user' ? acting.actor.userId : null,
      createdAt: now,
      updatedAt: now,
    });
    em.persist(subscription);
    this.audit(em, acting, 'webhook.created', id, { eventTypes: subscription.eventTypes, active: subscription.active });
    await em.flush();
    return { ...webhookView(subscription), secret };
  }

  async list(em: EntityManager, tenantId: string): Promise<Webhook[]> {
    return (await this.deps.repository.list(em, tenantId)).map(webhookView);
  }

  async get(em: EntityManager, tenantId: string, id: string): Promise<Webhook> {
    return webhookView(await this.load(em, tenantId, id));
  }

  async update(em: EntityManager, acting: Acting, id: string, expectedVersion: number, input: WebhookUpdate): Promise<Webhook> {
    const subscription = await this.loadAt(em, acting.tenantId, id, expectedVersion);
    if (input.url !== undefined) await checkTarget(input.url, this.deps.policy, this.deps.resolver);
    const changed = Object.keys(input).filter((k) => input[k as keyof WebhookUpdate] !== undefined);
    Object.assign(subscription, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      updatedAt: this.deps.clock.now(),
    });
    this.audit(em, acting, 'webhook.updated', id, { fields: changed, active: subscription.active });
    await em.flush();
    return webhookView(subscription);
  }

  async remove(em: EntityManager, acting: Acting, id: string, expectedVersion: number): Promise<void> {
    const subscription = await this.loadAt(em, acting.tenantId, id, expectedVersion);
    await this.deps.repository.removeWithDeliveries(em, subscription);
    this.audit(em, acting, 'webhook.deleted', id, {});
    await em.flush();
  }

  async deliveries(em: EntityManager, tenantId: string, id: string, query: WebhookDeliveryQuery): Promise<WebhookDeliveryPage> {
    await this.load(em, tenantId, id);
    const [rows, total] = await this.deps.repository.deliveries(em, tenantId, id, query);
    return { items: rows.map(deliveryView), total };
  }

  /** Sends a delivery again from the start of the retry schedule, under the same delivery id. */
  async redeliver(em: EntityManager, acting: Acting, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.load(em, acting.tenantId, id);
    const delivery = await this.deps.repository.delivery(em, acting.tenantId, id, deliveryId);
    if (!delivery) throw notFound('delivery');
    Object.assign(delivery, { status: 'pending', attempts: 0, nextAttemptAt: this.deps.clock.now(), lastError: null, lastStatusCode: null });
    this.audit(em, acting, 'webhook.redelivered', id, { deliveryId, eventId: delivery.eventId });
    await em.flush();
    return deliveryView(delivery);
  }

  private async load(em: EntityManager, tenantId: string, id: string): Promise<WebhookSubscription> {
    const subscription = await this.deps.repository.find(em, tenantId, id);
    if (!subscription) throw notFound('webhook');
    return subscription;
  }

  private async loadAt(em: EntityManager, tenantId: string, id: string, expectedVersion: number): Promise<WebhookSubscription> {
    const subscription = await this.load(em, tenantId, id);
    if (subscription.version !== expectedVersion) {
      throw new AppError('version_conflict', 'the webhook was changed since you read it', {
        extensions: { current: webhookView(subscription) },
      });
    }
    return subscription;
  }

  private audit(em: EntityManager, acting: Acting, action: string, subjectId: string, details: Record<string, unknown>): void {
    this.deps.audit.record(em, { ...acting, action, subjectType: 'webhook', subjectId, details });
  }
}
