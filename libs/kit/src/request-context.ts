import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
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

/** Fastify's per-request child logger, with traceId when an OpenTelemetry span is active. */
export const requestChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) => {
  const traceId = activeTraceId();
  return logger.child(traceId ? { ...bindings, traceId } : bindings, options);
};

/**
 * Records the caller's tenant on the request (auth calls this once it has verified the token):
 * every later line of `request.log` carries `tenantId`; pass the reply too so fastify's own
 * "request completed" line (written through `reply.log`) carries it as well. `bindings` go on the
 * same lines (the auth plugin adds userId).
 */
export function setRequestTenant(request: FastifyRequest, tenantId: string, reply?: FastifyReply, bindings: Record<string, string> = {}): void {
  request.tenantId = tenantId;
  // One child logger for all the bindings: each child costs a serialisation of them.
  request.log = request.log.child({ tenantId, ...bindings });
  if (reply) reply.log = request.log;
}
