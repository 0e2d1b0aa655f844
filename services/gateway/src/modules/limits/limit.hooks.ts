import { type KitServer } from '@gradeline/kit';
import { clientAddress, type ClientAddress } from '../proxy/forward-headers';
import { type RateLimits } from './rate-limits';

// Probes and scrapes come every few seconds from the platform itself.
const UNLIMITED = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Every request: its client address, then the per-address limit; once a caller is known (the
 * runtime's auth, or the gateway's own check on proxied and /api/v1 routes), the per-user limit.
 */
export function installLimitHooks(app: KitServer, limits: RateLimits, trustedHops: number): void {
  app.decorateRequest('clientAddress', null as unknown as ClientAddress);
  app.addHook('onRequest', async (request, reply) => {
    request.clientAddress = clientAddress(request.socket.remoteAddress ?? 'unknown', request.headers['x-forwarded-for'], trustedHops);
    if (UNLIMITED.has(request.routeOptions.url ?? '')) return;
    await limits.enforce('ip', request, reply);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.principal) await limits.enforce('user', request, reply);
  });
}
