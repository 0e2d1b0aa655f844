import { injectTraceContext, isAppError, type KitServer } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type RateLimits } from '../limits/rate-limits';
import { upstreamRequestHeaders } from '../proxy/forward-headers';
import { type Upstreams } from '../proxy/upstreams';
import { renderSetPasswordPage, type SetPasswordView } from './set-password.page';

export interface SetPasswordPageDeps {
  upstreams: Upstreams;
  limits: RateLimits;
  timeoutMs: number;
}

const PAGE_ROUTE = { config: { public: true }, schema: { hide: true } } as const;
/** A token, a password and its confirmation, url-encoded, with room to spare. */
const FORM_BODY_LIMIT = 8 * 1024;
/** identity's own bounds (contracts' SetPasswordRequest), checked here so its 400 never reaches a person. */
const MAX_TOKEN = 200;
const MAX_PASSWORD = 256;

type Form = Partial<Record<'token' | 'password' | 'confirmation', unknown>>;

/** A field as the form sends it: text, or nothing (a client posting JSON may send anything). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function page(reply: FastifyReply, status: number, view: SetPasswordView): FastifyReply {
  // The token is in the address and in the form: nothing of either may be cached or sent on.
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderSetPasswordPage(view));
}

/** identity's problem+json detail, first letter up, as the sentence the form shows. */
function sentence(detail: unknown, fallback: string): string {
  const text = typeof detail === 'string' && detail ? detail : fallback;
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/**
 * `/set-password`: the page the links of invitation and reset mails open (identity writes them as
 * `<PUBLIC_URL>/set-password?token=…`). A plain HTML form, no script: it posts back here, and the
 * gateway calls identity's `POST /auth/set-password` with the token and the password, then shows
 * the outcome. A refused password leaves the link usable (identity's rule); posts count against
 * the sign-in limit of the client's address.
 */
export async function setPasswordRoutes(app: KitServer, deps: SetPasswordPageDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get<{ Querystring: { token?: string } }>('/set-password', PAGE_ROUTE, (request, reply) => {
      const token = typeof request.query.token === 'string' ? request.query.token : '';
      if (!token) return page(reply, 400, { kind: 'no-token' });
      if (token.length > MAX_TOKEN) return page(reply, 410, { kind: 'link-invalid' });
      return page(reply, 200, { kind: 'form', token });
    });

    scope.post<{ Body: Form }>('/set-password', PAGE_ROUTE, async (request, reply) => {
      const form: Form = typeof request.body === 'object' && request.body !== null ? request.body : {};
      const [token, password, confirmation] = [text(form.token), text(form.password), text(form.confirmation)];
      if (!token) return page(reply, 400, { kind: 'no-token' });
      if (token.length > MAX_TOKEN) return page(reply, 410, { kind: 'link-invalid' });
      if (password !== confirmation) return page(reply, 422, { kind: 'form', token, problem: 'The two passwords are not the same.' });
      if (!password || password.length > MAX_PASSWORD) {
        return page(reply, 422, { kind: 'form', token, problem: `Choose a password of 12 to ${MAX_PASSWORD} characters.` });
      }
      try {
        await deps.limits.enforce('auth', request, reply);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'rate_limited') throw error;
        reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
        return page(reply, 429, { kind: 'too-many' });
      }
      const answer = await callIdentity(request, deps, { token, password });
      if (answer.status === 204) return page(reply, 200, { kind: 'done' });
      if (answer.status === 410) return page(reply, 410, { kind: 'link-invalid' });
      if (answer.status === 422) return page(reply, 422, { kind: 'form', token, problem: sentence(answer.detail, 'this password is not accepted') });
      request.log.warn({ status: answer.status }, 'set-password page: identity did not set the password');
      return page(reply, 503, { kind: 'unavailable' });
    });
  });
}

async function callIdentity(request: FastifyRequest, deps: SetPasswordPageDeps, body: { token: string; password: string }): Promise<{ status: number; detail?: unknown }> {
  const identity = deps.upstreams.get('identity');
  if (!identity) return { status: 503 };
  const headers = upstreamRequestHeaders(
    { 'content-type': 'application/json', accept: 'application/json' },
    { requestId: request.id, clientIp: request.ip, proto: request.protocol, host: request.headers.host, traceHeaders: injectTraceContext({}) },
  );
  try {
    const answer = await identity.pool.request({
      method: 'POST',
      path: '/auth/set-password',
      headers,
      body: JSON.stringify(body),
      headersTimeout: deps.timeoutMs,
      bodyTimeout: deps.timeoutMs,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const text = await answer.body.text();
    const problem = text ? (JSON.parse(text) as { detail?: unknown }) : {};
    return { status: answer.statusCode, detail: problem.detail };
  } catch (error) {
    request.log.warn({ code: (error as { code?: string }).code ?? 'error' }, 'set-password page: identity did not answer');
    return { status: 503 };
  }
}
