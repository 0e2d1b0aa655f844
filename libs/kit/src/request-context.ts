import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { RequestLogger } from './request-logger';
import { activeTraceId } from './telemetry';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's tenant, once auth has set it with setRequestTenant. */
    tenantId: string | undefined;
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id ends up in logs and response headers: accept only short, plain tokens.
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The caller's x-request-id when it is a sane token, else a new uuid. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Fastify's per-request child logger, with traceId when an OpenTelemetry span is active. It is a
 * RequestLogger: the pino child is built only if the request writes a line (see request-logger.ts).
 * Options (a route's own level or serializers) make a real child at once.
 */
export const requestChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) => {
  const traceId = activeTraceId();
  const all = traceId ? { ...bindings, traceId } : bindings;
  if (options && Object.keys(options).length > 0) return logger.child(all, options);
  return new RequestLogger(logger, all);
};

/**
 * Records the caller's tenant on the request (auth calls this once it has verified the token):
 * every later line of `request.log` carries `tenantId`; pass the reply too so fastify's own
 * "request completed" line (written through `reply.log`) carries it as well. `bindings` go on the
 * same lines (the auth plugin adds userId).
 */
export function setRequestTenant(request: FastifyRequest, tenantId: string, reply?: FastifyReply, bindings: Record<string, string> = {}): void {
  request.tenantId = tenantId;
  // One child for all the bindings (a RequestLogger's child is lazy too; a pino child would
  // serialise them at once).
  request.log = request.log.child({ tenantId, ...bindings });
  if (reply) reply.log = request.log;
}
