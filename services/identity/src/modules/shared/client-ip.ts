import proxyaddr from '@fastify/proxy-addr';
import { type FastifyRequest } from 'fastify';

/**
 * The caller's address for throttling and the audit trail. X-Forwarded-For is believed only from
 * the configured proxies (the gateway), so a client cannot pick the address it is throttled as.
 */
export function clientIpResolver(trusted: string[]): (request: FastifyRequest) => string {
  const trust = proxyaddr.compile(trusted);
  return (request) => proxyaddr(request.raw, trust);
}
