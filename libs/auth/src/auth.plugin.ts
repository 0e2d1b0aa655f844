import { AppError, isAppError, setRequestTenant } from '@gradeline/kit';
import { type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type JwtVerifier } from './jwt-verifier';
import { type Permission, can } from './permissions';
import { type Principal } from './principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller; undefined only on public routes. Prefer `requirePrincipal(request)`. */
    principal: Principal | undefined;
  }
}

export interface AuthPluginOptions {
  verifier: JwtVerifier;
  /** Called once the caller is known, for whatever else a service ties to it (the log already has ids). */
  onPrincipal?: (request: FastifyRequest, principal: Principal) => void;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const CHALLENGE = 'Bearer realm="gradeline"';

const auth: FastifyPluginAsync<AuthPluginOptions> = async (app, { verifier, onPrincipal }) => {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    // CORS preflights never carry credentials, by the Fetch standard.
    if (config?.public || request.method === 'OPTIONS') return;
    const principal = await authenticate(verifier, request, reply);
    request.principal = principal;
    setRequestTenant(request, principal.tenantId, reply, { userId: principal.userId });
    onPrincipal?.(request, principal);
    if (principal.scope === 'password_change' && !config?.allowPasswordChange) {
      throw new AppError('password_change_required', 'change your password before doing anything else');
    }
  });
};

async function authenticate(verifier: JwtVerifier, request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (!token) {
    reply.header('www-authenticate', CHALLENGE);
    throw new AppError('unauthenticated', 'a bearer access token is required');
  }
  try {
    return await verifier.verify(token);
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') {
      reply.header('www-authenticate', `${CHALLENGE}, error="invalid_token"`);
    }
    throw error;
  }
}

/**
 * Verifies `Authorization: Bearer` on every route (unless `config: { public: true }`), sets
 * `request.principal`, and puts tenantId and userId on the request's log lines. Missing or bad
 * token: 401 `unauthenticated` with `WWW-Authenticate`; a password-change token outside routes with
 * `config: { allowPasswordChange: true }`: 403 `password_change_required`.
 */
export const authPlugin = fp(auth, { name: '@gradeline/auth', fastify: '5.x' });

/** The caller of an authenticated route (throws 401 on a public one, where there may be none). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'a bearer access token is required');
  return request.principal;
}

/** A preHandler refusing (403 `forbidden`) callers whose role lacks the permission. */
export function requirePermission(permission: Permission): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    if (!can(requirePrincipal(request), permission)) {
      throw new AppError('forbidden', 'your role does not allow this');
    }
  };
}
