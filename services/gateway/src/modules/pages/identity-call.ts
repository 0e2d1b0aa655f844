import { injectTraceContext } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { upstreamRequestHeaders } from '../proxy/forward-headers';
import { type Upstreams } from '../proxy/upstreams';

/** identity's answer to a page's call: its status, and its problem+json detail when it refused. */
export interface IdentityAnswer {
  status: number;
  detail?: unknown;
}

/**
 * POSTs a JSON body to one of identity's public routes for a page, with the forwarding headers
 * the proxy sets (client address, request id, trace). Anything but an answer is 503.
 */
export async function postToIdentity(request: FastifyRequest, upstreams: Upstreams, timeoutMs: number, path: string, body: unknown): Promise<IdentityAnswer> {
  const identity = upstreams.get('identity');
  if (!identity) return { status: 503 };
  const headers = upstreamRequestHeaders(
    { 'content-type': 'application/json', accept: 'application/json' },
    { requestId: request.id, clientIp: request.ip, proto: request.protocol, host: request.headers.host, traceHeaders: injectTraceContext({}) },
  );
  try {
    const answer = await identity.pool.request({
      method: 'POST',
      path,
      headers,
      body: JSON.stringify(body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await answer.body.text();
    const problem = text ? (JSON.parse(text) as { detail?: unknown }) : {};
    return { status: answer.statusCode, detail: problem.detail };
  } catch (error) {
    request.log.warn({ path, code: (error as { code?: string }).code ?? 'error' }, 'page: identity did not answer');
    return { status: 503 };
  }
}
