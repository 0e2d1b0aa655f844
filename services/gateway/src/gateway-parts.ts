import { type ServiceDeps } from '@gradeline/runtime';
import { type Config } from './config';
import { Upstreams } from './modules/proxy/upstreams';
import { DeliveryWorker } from './modules/webhooks/delivery.worker';
import { SecretBox } from './modules/webhooks/secret-box';
import { type TargetPolicy } from './modules/webhooks/target-guard';
import { WebhookRepository } from './modules/webhooks/webhook.repository';
import { HttpWebhookSender } from './modules/webhooks/webhook-sender';
import { WebhookService } from './modules/webhooks/webhook.service';

/** The gateway's own objects, built once per running instance and shared by routes, consumers and workers. */
export interface GatewayParts {
  upstreams: Upstreams;
  repository: WebhookRepository;
  webhooks: WebhookService;
  deliveries: DeliveryWorker;
}

const built = new WeakMap<ServiceDeps<Config>, GatewayParts>();

export function gatewayParts(deps: ServiceDeps<Config>): GatewayParts {
  const existing = built.get(deps);
  if (existing) return existing;
  const { config, clock } = deps;
  const policy: TargetPolicy = { allowHttp: config.WEBHOOKS_ALLOW_HTTP, allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE };
  const repository = new WebhookRepository();
  const secrets = new SecretBox(config.WEBHOOK_SIGNING_SECRET);
  const parts: GatewayParts = {
    upstreams: new Upstreams(config),
    repository,
    webhooks: new WebhookService({ repository, secrets, audit: deps.audit, clock, policy }),
    deliveries: new DeliveryWorker({
      orm: deps.orm,
      repository,
      secrets,
      sender: new HttpWebhookSender(policy, config.WEBHOOK_TIMEOUT_MS),
      clock,
      logger: deps.logger,
      policy,
      schedule: config.WEBHOOK_RETRY_SCHEDULE,
      pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
      retentionMs: config.WEBHOOK_DELIVERY_RETENTION_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    }),
  };
  built.set(deps, parts);
  return parts;
}
