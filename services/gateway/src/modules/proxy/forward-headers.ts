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

/** Who sent a request, as far as the trusted proxies in front of the gateway tell. */
export interface ClientAddress {
  ip: string;
  /** X-Forwarded-For to send on: the client first, then each trusted hop. */
  chain: string[];
}

/**
 * The client's address: the socket's peer, or, behind `trustedHops` proxies, the entry that many
 * places left of it in X-Forwarded-For. Entries further left were written by the client itself
 * and prove nothing, so they are dropped.
 */
export function clientAddress(remote: string, forwardedFor: string | string[] | undefined, trustedHops: number): ClientAddress {
  const listed = trustedHops === 0 || forwardedFor === undefined ? [] : [forwardedFor].flat().join(',').split(',');
  const all = [...listed.map((s) => s.trim()).filter((s) => s.length > 0), remote];
  const index = Math.max(0, all.length - 1 - trustedHops);
  return { ip: all[index]!, chain: all.slice(index) };
}

export interface ForwardContext {
  requestId: string;
  client: ClientAddress;
  proto: string;
  host: string | undefined;
  /** The gateway's own trace context when tracing is on, else the caller's is kept. */
  traceHeaders: Record<string, string>;
}

/** The request headers an upstream receives. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, context: ForwardContext): OutgoingHeaders {
  const out = copyExcept(incoming, (name) => REBUILT.has(name));
  out['x-request-id'] = context.requestId;
  out['x-forwarded-for'] = context.client.chain.join(', ');
  out['x-forwarded-proto'] = context.proto;
  if (context.host) out['x-forwarded-host'] = context.host;
  Object.assign(out, context.traceHeaders);
  return out;
}

/** The response headers the client receives from an upstream's answer. */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHeaders {
  return copyExcept(upstream, () => false);
}
