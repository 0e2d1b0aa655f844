import { type WebhookDeliveryQuery } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

/** Every query of a school's webhooks filters by its tenant; the worker's claim is the exception. */
export class WebhookRepository {
  find(em: EntityManager, tenantId: string, id: string): Promise<WebhookSubscription | null> {
    return em.findOne(WebhookSubscription, { id, tenantId });
  }

  list(em: EntityManager, tenantId: string): Promise<WebhookSubscription[]> {
    return em.find(WebhookSubscription, { tenantId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  active(em: EntityManager, tenantId: string): Promise<WebhookSubscription[]> {
    return em.find(WebhookSubscription, { tenantId, active: true });
  }

  deliveries(em: EntityManager, tenantId: string, subscriptionId: string, query: WebhookDeliveryQuery): Promise<[WebhookDelivery[], number]> {
    const where = { tenantId, subscriptionId, ...(query.status ? { status: query.status } : {}) };
    return em.findAndCount(WebhookDelivery, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: query.limit, offset: query.offset });
  }

  delivery(em: EntityManager, tenantId: string, subscriptionId: string, id: string): Promise<WebhookDelivery | null> {
    return em.findOne(WebhookDelivery, { id, tenantId, subscriptionId });
  }

  async removeWithDeliveries(em: EntityManager, subscription: WebhookSubscription): Promise<void> {
    await em.nativeDelete(WebhookDelivery, { subscriptionId: subscription.id, tenantId: subscription.tenantId });
    em.remove(subscription);
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each: their next attempt moves to the end
   * of a lease, so another replica skips them, and a crashed attempt is retried after the lease.
   */
  async claimDue(em: EntityManager, now: Date, leaseMs: number, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.getConnection().execute(
      `update webhook_delivery set next_attempt_at = ? where id in (
         select id from webhook_delivery where status = 'pending' and next_attempt_at <= ?
         order by next_attempt_at limit ? for update skip locked)
       returning id`,
      [new Date(now.getTime() + leaseMs), now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Deletes delivery rows (and the payloads they keep) older than `before`. */
  purgeBefore(em: EntityManager, before: Date): Promise<number> {
    return em.nativeDelete(WebhookDelivery, { createdAt: { $lt: before } });
  }
}
