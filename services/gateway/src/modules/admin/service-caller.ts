import { type KitServer } from '@gradeline/kit';
import { type Upstreams } from '../proxy/upstreams';

export interface CallRequest {
  method?: 'GET' | 'POST';
  /** Path and query on the service. */
  path: string;
  /** The caller's own Authorization header: each service checks it itself. */
  authorization?: string;
  requestId?: string;
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
 * Calls a service's own admin and infrastructure routes for the admin API: upstreams over their
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
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.authorization) headers['authorization'] = request.authorization;
    if (request.requestId) headers['x-request-id'] = request.requestId;
    const method = request.method ?? 'GET';
    if (service === 'gateway') {
      const answer = await this.self.inject({ method, url: request.path, headers });
      return { status: answer.statusCode, body: parseJson(answer.body) };
    }
    const upstream = this.upstreams.get(service as never);
    if (!upstream) throw new ServiceDown(service);
    try {
      const answer = await upstream.pool.request({
        method,
        path: request.path,
        headers,
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
