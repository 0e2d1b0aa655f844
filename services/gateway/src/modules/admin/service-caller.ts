import { injectTraceContext, type KitServer } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { upstreamRequestHeaders } from '../proxy/forward-headers';
import { type Upstreams } from '../proxy/upstreams';

export interface CallRequest {
  method?: 'GET' | 'POST';
  /** Path and query on the service. */
  path: string;
  /** The caller's own Authorization header: each service checks it itself. */
  authorization?: string;
  requestId?: string;
  /** Sent as the JSON body. */
  json?: unknown;
  /**
   * The person's request this call serves: its id, address and trace go along as the proxy sends
   * them (X-Forwarded-For: the service audits and throttles by it).
   */
  servedRequest?: FastifyRequest;
}

export interface CallResult {
  status: number;
  body: unknown;
}

/** A service that did not answer (not configured, unreachable, timed out). */
export class ServiceDown extends Error {
  constructor(readonly service: string) {
    super(`${service} did not answer`);
    this.name = 'ServiceDown';
  }
}

/**
 * Calls a service's own routes for the gateway's own work: admin and infrastructure routes for the
 * admin API, identity's public routes for the pages (modules/pages). Upstreams over their
 * connection pools, the gateway itself in process (its audit log and dead letters are its own).
 */
export class ServiceCaller {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly self: KitServer,
    private readonly timeoutMs: number,
  ) {}

  /** The configured services, then the gateway. */
  services(): string[] {
    return [...this.upstreams.configured().map((u) => u.service), 'gateway'];
  }

  async call(service: string, request: CallRequest): Promise<CallResult> {
    const headers = callHeaders(request);
    const method = request.method ?? 'GET';
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    if (service === 'gateway') {
      const answer = await this.self.inject({ method, url: request.path, headers, ...(body === undefined ? {} : { payload: body }) });
      return { status: answer.statusCode, body: parseJson(answer.body) };
    }
    const upstream = this.upstreams.get(service as never);
    if (!upstream) throw new ServiceDown(service);
    try {
      const answer = await upstream.pool.request({
        method,
        path: request.path,
        headers,
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: answer.statusCode, body: parseJson(await answer.body.text()) };
    } catch {
      throw new ServiceDown(service);
    }
  }
}

function callHeaders(request: CallRequest): Record<string, string | string[]> {
  const base: Record<string, string> = { accept: 'application/json' };
  if (request.json !== undefined) base['content-type'] = 'application/json';
  if (request.authorization) base['authorization'] = request.authorization;
  const served = request.servedRequest;
  if (!served) return request.requestId ? { ...base, 'x-request-id': request.requestId } : base;
  return upstreamRequestHeaders(base, {
    requestId: served.id,
    clientIp: served.ip,
    proto: served.protocol,
    host: served.headers.host,
    traceHeaders: injectTraceContext({}),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
