import { type KitServer } from '@gradeline/kit';
import { type RateLimits } from './rate-limits';

// Probes and scrapes come every few seconds from the platform itself.
const UNLIMITED = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Every request: the per-address limit (the client's address is `request.ip`, see
 * TRUST_PROXY_HOPS); once a caller is known (the runtime's auth, or the gateway's own check on
 * proxied and /api/v1 routes), the per-user limit.
 */
export function installLimitHooks(app: KitServer, limits: RateLimits): void {
  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED.has(request.routeOptions.url ?? '')) return;
    await limits.enforce('ip', request, reply);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.principal) await limits.enforce('user', request, reply);
  });
}
