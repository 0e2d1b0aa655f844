import { isAppError, type KitServer } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ServiceDown, type ServiceCaller } from '../admin/service-caller';
import { type RateLimits } from '../limits/rate-limits';
import { renderForgotPasswordPage } from './forgot-password.page';
import { renderSetPasswordPage } from './set-password.page';

export interface PageDeps {
  /** Calls identity on behalf of the person (their address goes along); its timeout bounds a password hash. */
  caller: ServiceCaller;
  limits: RateLimits;
}

/** identity's answer to a page's post, 503 when it did not answer; `detail` is its problem+json detail. */
async function postToIdentity(request: FastifyRequest, deps: PageDeps, path: string, json: unknown): Promise<{ status: number; detail?: unknown }> {
  try {
    const answer = await deps.caller.call('identity', { method: 'POST', path, json, servedRequest: request });
    return { status: answer.status, detail: (answer.body as { detail?: unknown } | null)?.detail };
  } catch (error) {
    if (!(error instanceof ServiceDown)) throw error;
    request.log.warn({ path }, 'page: identity did not answer');
    return { status: 503 };
  }
}

const PAGE_ROUTE = { config: { public: true }, schema: { hide: true } } as const;
/** A few short fields, url-encoded, with room to spare. */
const FORM_BODY_LIMIT = 8 * 1024;
/** identity's own bounds (contracts' SetPasswordRequest, ForgotPasswordRequest), checked here so its 400 never reaches a person. */
const MAX_TOKEN = 200;
const MAX_PASSWORD = 256;
const MAX_SCHOOL = 64;
const MAX_LOGIN = 254;

/** The posted fields as text: a field that is not (a client posting JSON may send anything) is empty. */
function formOf(request: FastifyRequest): (name: string) => string {
  const form = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
  return (name) => (typeof form[name] === 'string' ? (form[name] as string) : '');
}

function html(reply: FastifyReply, status: number, page: string): FastifyReply {
  // Tokens travel in these pages' addresses and forms: nothing of them may be cached.
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

/** identity's problem+json detail, first letter up, as the sentence the form shows. */
function sentence(detail: unknown, fallback: string): string {
  const text = typeof detail === 'string' && detail ? detail : fallback;
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** The sign-in limit of the client's address; false (with Retry-After set) once it is reached. */
async function withinSignInLimit(deps: PageDeps, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  try {
    await deps.limits.enforce('auth', request, reply);
    return true;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'rate_limited') throw error;
    reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
    return false;
  }
}

/**
 * The gateway's own pages, for people who have no other way in yet: `/set-password`, which the
 * links of invitation and reset mails open (identity writes them as `<PUBLIC_URL>/set-password?token=…`),
 * and `/forgot-password`, which asks for such a mail. Plain HTML forms without script: they post
 * back here, the gateway calls identity's public route and shows the outcome. Posts count against
 * the sign-in limit of the client's address.
 */
export async function pageRoutes(app: KitServer, deps: PageDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    setPasswordPage(scope, deps);
    forgotPasswordPage(scope, deps);
  });
}

/** A refused password leaves the link usable (identity's rule): the form comes back with the reason. */
function setPasswordPage(scope: KitServer, deps: PageDeps): void {
  scope.get<{ Querystring: { token?: unknown } }>('/set-password', PAGE_ROUTE, (request, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    if (!token) return html(reply, 400, renderSetPasswordPage({ kind: 'no-token' }));
    if (token.length > MAX_TOKEN) return html(reply, 410, renderSetPasswordPage({ kind: 'link-invalid' }));
    return html(reply, 200, renderSetPasswordPage({ kind: 'form', token }));
  });

  scope.post('/set-password', PAGE_ROUTE, async (request, reply) => {
    const field = formOf(request);
    const [token, password, confirmation] = [field('token'), field('password'), field('confirmation')];
    const again = (problem: string) => html(reply, 422, renderSetPasswordPage({ kind: 'form', token, problem }));
    if (!token) return html(reply, 400, renderSetPasswordPage({ kind: 'no-token' }));
    if (token.length > MAX_TOKEN) return html(reply, 410, renderSetPasswordPage({ kind: 'link-invalid' }));
    if (password !== confirmation) return again('The two passwords are not the same.');
    if (!password || password.length > MAX_PASSWORD) return again(`Choose a password of 12 to ${MAX_PASSWORD} characters.`);
    if (!(await withinSignInLimit(deps, request, reply))) return html(reply, 429, renderSetPasswordPage({ kind: 'too-many' }));
    const answer = await postToIdentity(request, deps, '/auth/set-password', { token, password });
    if (answer.status === 204) return html(reply, 200, renderSetPasswordPage({ kind: 'done' }));
    if (answer.status === 410) return html(reply, 410, renderSetPasswordPage({ kind: 'link-invalid' }));
    if (answer.status === 422) return again(sentence(answer.detail, 'this password is not accepted'));
    request.log.warn({ status: answer.status }, 'set-password page: identity did not set the password');
    return html(reply, 503, renderSetPasswordPage({ kind: 'unavailable' }));
  });
}

/** identity answers the same whether the account exists or not, and so does the page. */
function forgotPasswordPage(scope: KitServer, deps: PageDeps): void {
  scope.get('/forgot-password', PAGE_ROUTE, (_request, reply) => html(reply, 200, renderForgotPasswordPage({ kind: 'form' })));

  scope.post('/forgot-password', PAGE_ROUTE, async (request, reply) => {
    const field = formOf(request);
    const [school, login] = [field('school').trim(), field('login').trim()];
    const again = (problem: string) => html(reply, 422, renderForgotPasswordPage({ kind: 'form', school, login, problem }));
    if (!login) return again('Type your username or the email address of your account.');
    if (login.length > MAX_LOGIN) return again(`A username or email has at most ${MAX_LOGIN} characters.`);
    if (school.length > MAX_SCHOOL) return again(`A school code has at most ${MAX_SCHOOL} characters.`);
    if (!(await withinSignInLimit(deps, request, reply))) return html(reply, 429, renderForgotPasswordPage({ kind: 'too-many' }));
    const answer = await postToIdentity(request, deps, '/auth/forgot-password', school ? { tenant: school, login } : { login });
    if (answer.status === 202) return html(reply, 200, renderForgotPasswordPage({ kind: 'sent' }));
    request.log.warn({ status: answer.status }, 'forgot-password page: identity did not take the request');
    return html(reply, 503, renderForgotPasswordPage({ kind: 'unavailable' }));
  });
}
