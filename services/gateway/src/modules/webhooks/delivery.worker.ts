import { type MikroORM } from '@gradeline/db';
import { type Logger } from '@gradeline/kit';
import { type Clock, type Worker } from '@gradeline/runtime';
import { nextAttemptAt } from './retry-schedule';
import { type SecretBox } from './secret-box';
import { signPayload } from './signature';
import { checkTarget, type Resolver, type TargetPolicy } from './target-guard';
import { type SendOutcome, type WebhookSender } from './webhook-sender';
import { WebhookDelivery } from './webhook-delivery.entity';
import { type WebhookRepository } from './webhook.repository';
import { WebhookSubscription } from './webhook-subscription.entity';

export interface DeliveryWorkerDeps {
  orm: MikroORM;
  repository: WebhookRepository;
  secrets: SecretBox;
  sender: WebhookSender;
  clock: Clock;
  logger: Logger;
  policy: TargetPolicy;
  resolver?: Resolver;
  /** Waits before each retry; after the last one the delivery is failed. */
  schedule: readonly number[];
  pollIntervalMs: number;
  retentionMs: number;
  timeoutMs: number;
}

const BATCH = 16;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Sends due deliveries: claims a batch (a lease, so replicas never send one twice at once and a
 * crash only delays it), signs and POSTs each, then records delivered, retry-at or failed.
 * Hourly, deletes delivery rows older than the retention.
 */
export class DeliveryWorker implements Worker {
  readonly name = 'webhook-deliveries';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastPurge = 0;

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  start(): void {
    this.stopped = false;
    this.next(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.deps.sender.close();
  }

  private next(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'webhook delivery round failed'))
        .then((claimed) => this.next(claimed === BATCH ? 0 : this.deps.pollIntervalMs))
        .finally(() => (this.running = undefined));
    }, delayMs);
  }

  /** One round: returns how many deliveries it attempted. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    await this.purge(now);
    const lease = this.deps.timeoutMs * 3;
    const ids = await this.deps.repository.claimDue(this.deps.orm.em.fork(), now, lease, BATCH);
    await Promise.all(ids.map((id) => this.attempt(id)));
    return ids.length;
  }

  private async purge(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    const removed = await this.deps.repository.purgeBefore(this.deps.orm.em.fork(), new Date(now.getTime() - this.deps.retentionMs));
    if (removed > 0) this.deps.logger.info({ removed }, 'old webhook deliveries deleted');
  }

  private async attempt(id: string): Promise<void> {
    const em = this.deps.orm.em.fork();
    const delivery = await em.findOne(WebhookDelivery, { id, status: 'pending' });
    if (!delivery) return;
    const subscription = await em.findOne(WebhookSubscription, { id: delivery.subscriptionId, tenantId: delivery.tenantId });
    if (!subscription?.active) {
      Object.assign(delivery, { status: 'failed', lastError: 'subscription_inactive', nextAttemptAt: null });
    } else {
      this.record(delivery, await this.send(subscription, delivery));
    }
    await em.flush();
    this.deps.logger.info(
      { deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, attempts: delivery.attempts, status: delivery.status, code: delivery.lastError },
      'webhook delivery attempted',
    );
  }

  private async send(subscription: WebhookSubscription, delivery: WebhookDelivery): Promise<SendOutcome> {
    try {
      await checkTarget(subscription.url, this.deps.policy, this.deps.resolver);
    } catch {
      return { error: 'target_refused' };
    }
    const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
    const secret = this.deps.secrets.open(subscription.secretCipher, subscription.id);
    return this.deps.sender.send({
      url: subscription.url,
      body: delivery.payload,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Gradeline-Webhooks/1',
        'x-gradeline-event': delivery.eventType,
        'x-gradeline-delivery': delivery.id,
        'x-gradeline-timestamp': String(timestamp),
        'x-gradeline-signature': signPayload(secret, timestamp, delivery.payload),
      },
    });
  }

  private record(delivery: WebhookDelivery, outcome: SendOutcome): void {
    const now = this.deps.clock.now();
    delivery.attempts += 1;
    delivery.lastAttemptAt = now;
    const status = 'status' in outcome ? outcome.status : null;
    delivery.lastStatusCode = status;
    if (status !== null && status >= 200 && status < 300) {
      Object.assign(delivery, { status: 'delivered', deliveredAt: now, lastError: null, nextAttemptAt: null });
      return;
    }
    delivery.lastError = status !== null ? `http_${status}` : 'error' in outcome ? outcome.error : 'connection_failed';
    const retryAt = nextAttemptAt(now, delivery.attempts, this.deps.schedule);
    Object.assign(delivery, retryAt ? { nextAttemptAt: retryAt } : { status: 'failed', nextAttemptAt: null });
  }
}

