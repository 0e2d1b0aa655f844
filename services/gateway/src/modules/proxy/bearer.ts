import { type JwtVerifier, type Principal } from '@gradeline/auth';
import { AppError, isAppError, setRequestTenant } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const CHALLENGE = 'Bearer realm="gradeline"';

/**
 * Verifies the access token of a proxied request before any upstream sees it (the upstream
 * verifies it again: no service trusts the gateway's word). Sets the principal for per-user
 * limits and log lines; the password-change scope is the upstream's to judge.
 */
export async function authenticate(verifier: JwtVerifier, request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (!token) {
    reply.header('www-authenticate', CHALLENGE);
    throw new AppError('unauthenticated', 'a bearer access token is required');
  }
  try {
    const principal = await verifier.verify(token);
    request.principal = principal;
    setRequestTenant(request, principal.tenantId, reply, { userId: principal.userId });
    return principal;
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') reply.header('www-authenticate', `${CHALLENGE}, error="invalid_token"`);
    throw error;
  }
}
