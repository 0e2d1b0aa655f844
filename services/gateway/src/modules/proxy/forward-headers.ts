import { type IncomingHttpHeaders } from 'node:http';

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, never the next one; `host` is set
// by the client for the upstream's origin. Forwarding headers are rebuilt, never passed through.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);
const REBUILT = new Set(['host', 'forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip', 'x-request-id']);

export type OutgoingHeaders = Record<string, string | string[]>;

/** Headers named in `Connection` are hop-by-hop too. */
function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  if (!value) return new Set();
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()));
}

function copyExcept(headers: IncomingHttpHeaders, drop: (name: string) => boolean): OutgoingHeaders {
  const listed = connectionTokens(headers);
  const out: OutgoingHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || drop(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The gateway's trust in X-Forwarded-For: the socket's peer and the `hops` proxies before it
 * (ingress, load balancer) are believed, so the client is the entry `hops` places from the right.
 * Entries further left were written by the client itself and prove nothing.
 */
export function trustedHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export interface ForwardContext {
  requestId: string;
  /** The client's address as the gateway determined it (`request.ip`). */
  clientIp: string;
  proto: string;
  host: string | undefined;
  /** The gateway's own trace context when tracing is on, else the caller's is kept. */
  traceHeaders: Record<string, string>;
}

/** The request headers an upstream receives. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, context: ForwardContext): OutgoingHeaders {
  const out = copyExcept(incoming, (name) => REBUILT.has(name));
  out['x-request-id'] = context.requestId;
  // Only the address the gateway settled on: the services trust the gateway alone (TRUSTED_PROXIES),
  // so they must not have to judge the hops before it, and nothing the client wrote reaches them.
  out['x-forwarded-for'] = context.clientIp;
  out['x-forwarded-proto'] = context.proto;
  if (context.host) out['x-forwarded-host'] = context.host;
  Object.assign(out, context.traceHeaders);
  return out;
}

/** The response headers the client receives from an upstream's answer. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHeaders {
  return copyExcept(upstream, () => false);
}
