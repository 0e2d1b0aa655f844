import { platformMigrations } from '@gradeline/db';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDefinition, type ServiceDeps } from '@gradeline/runtime';
import { Redis } from 'ioredis';
import { Config } from './config';
import { gatewayParts } from './gateway-parts';
import { AdminService } from './modules/admin/admin.service';
import { adminRoutes } from './modules/admin/admin.routes';
import { ServiceCaller } from './modules/admin/service-caller';
import { ApiDocs } from './modules/docs/api-docs.service';
import { docsRoutes } from './modules/docs/docs.routes';
import { type OpenApiDocument } from './modules/docs/openapi-merge';
import { installLimitHooks } from './modules/limits/limit.hooks';
import { createRateLimits } from './modules/limits/rate-limits';
import { separateMetrics } from './modules/metrics/metrics-listener';
import { pageRoutes } from './modules/pages/pages.routes';
import { Forwarder } from './modules/proxy/forwarder';
import { trustedHops } from './modules/proxy/forward-headers';
import { gatewayScope } from './modules/proxy/gateway-scope';
import { proxyRoutes } from './modules/proxy/proxy.routes';
import { securityHeaders } from './modules/security/security.plugin';
import { webhookEventConsumers } from './modules/webhooks/webhook-event.consumer';
import { webhookRoutes } from './modules/webhooks/webhook.routes';
import { webhookDeliveryEntity } from './modules/webhooks/webhook-delivery.entity';
import { webhookSubscriptionEntity } from './modules/webhooks/webhook-subscription.entity';
import { migrations } from './migrations';

const ADMIN_CALL_TIMEOUT_MS = 3_000;
/** The pages' calls to identity (setting a password hashes it with argon2): longer than an admin read, far shorter than an upload. */
const PAGE_CALL_TIMEOUT_MS = 10_000;
const VERSION = '1.0.0';

async function connectRedis(deps: ServiceDeps<Config>, app: KitServer): Promise<Redis | undefined> {
  if (!deps.config.REDIS_URL) return undefined;
  const redis = new Redis(deps.config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  // Limits fail open while Redis is away (see rate-limits.ts); the gateway still starts.
  redis.on('error', (error: Error) => deps.logger.warn({ code: (error as { code?: string }).code ?? 'error' }, 'redis error'));
  await redis.connect().catch(() => deps.logger.warn('redis unreachable at start; rate limits fail open until it is back'));
  app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  return redis;
}

async function routes(app: KitServer, deps: ServiceDeps<Config>): Promise<void> {
  const { config } = deps;
  // The runtime's verifier already remembers accepted tokens (libs/auth TokenCache).
  const { verifier } = deps;
  const { upstreams, webhooks } = gatewayParts(deps);
  app.addHook('onClose', () => upstreams.close());
  const redis = await connectRedis(deps, app);
  await securityHeaders(app, config.CORS_ORIGINS);
  const limits = await createRateLimits(app, config, redis);
  installLimitHooks(app, limits);
  separateMetrics(app, { host: config.HOST, port: config.METRICS_PORT });
  await proxyRoutes(app, {
    upstreams,
    forwarder: new Forwarder(config.UPSTREAM_TIMEOUT_MS),
    verifier,
    limits,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    uploadBodyLimit: config.UPLOAD_MAX_BYTES,
  });
  await pageRoutes(app, { caller: new ServiceCaller(upstreams, app, PAGE_CALL_TIMEOUT_MS), limits });
  const caller = new ServiceCaller(upstreams, app, ADMIN_CALL_TIMEOUT_MS);
  const admin = new AdminService(caller, redis ? { redis: async () => void (await redis.ping()) } : {});
  const docs = new ApiDocs(caller, () => app.swagger() as OpenApiDocument, { ttlMs: config.DOCS_CACHE_TTL_MS, clock: deps.clock, version: VERSION });
  await docsRoutes(app, docs);
  await gatewayScope(app, verifier, (scope) => {
    adminRoutes(scope, admin);
    webhookRoutes(scope, webhooks);
  });
}

/** The gateway: the platform's front door, its admin API and its webhooks. */
export const service: ServiceDefinition<Config> = {
  name: 'gateway',
  config: Config,
  entities: [webhookSubscriptionEntity, webhookDeliveryEntity],
  migrations: [...platformMigrations, ...migrations],
  consumers: (deps) => webhookEventConsumers(gatewayParts(deps).repository, () => deps.clock.now()),
  routes,
  // The proxies in front are counted, not named: a cloud load balancer has no fixed address.
  trustProxy: (config) => trustedHops(config.TRUST_PROXY_HOPS),
  workers: (deps) => [gatewayParts(deps).deliveries],
  openapi: { title: 'Gradeline gateway', description: 'Admin API and webhooks' },
};
