import { can, type JwtVerifier } from '@gradeline/auth';
import { AppError, type KitServer } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest, type HTTPMethods } from 'fastify';
import { type RateLimits } from '../limits/rate-limits';
import { authenticate } from './bearer';
import { type Forwarder } from './forwarder';
import { API_PREFIX, isAmbiguous, resolve, type Resolved } from './route-resolution';
import { type Upstreams } from './upstreams';

export interface ProxyDeps {
  upstreams: Upstreams;
  forwarder: Forwarder;
  verifier: JwtVerifier;
  limits: RateLimits;
  jsonBodyLimit: number;
  uploadBodyLimit: number;
}

// OPTIONS is left to CORS (preflights are answered by the gateway, never forwarded).
const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const UPLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const resolved = new WeakMap<FastifyRequest, Resolved>();

function noRoute(): AppError {
  return new AppError('not_found', 'No route matches this method and path.');
}

/**
 * `/api/v1/*` → the owning service (contracts' route table), and `/api/v1/admin/tenants*` →
 * identity's `/tenants*` for platform admins. Bodies stay raw streams: this scope has one
 * content-type parser that reads nothing.
 */
export async function proxyRoutes(app: KitServer, deps: ProxyDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.route({
      method: METHODS,
      url: `${API_PREFIX}/*`,
      config: { public: true },
      schema: { hide: true },
      onRequest: async (request, reply) => {
        const target = resolve(request.url, request.method);
        if (!target) throw noRoute();
        resolved.set(request, target);
        if (target.rule.limit === 'auth') await deps.limits.enforce('auth', request, reply);
        if (!target.rule.public) await authenticate(deps.verifier, request, reply);
      },
      preHandler: async (request, reply) => {
        // Reading a batch's status is no upload: only requests that send a body count.
        if (resolved.get(request)?.rule.limit === 'upload' && UPLOAD_METHODS.has(request.method)) await deps.limits.enforce('upload', request, reply);
      },
      handler: (request, reply) => {
        const target = resolved.get(request)!;
        const bodyLimit = target.rule.limit === 'upload' ? deps.uploadBodyLimit : deps.jsonBodyLimit;
        return deps.forwarder.forward(request, reply, { upstream: deps.upstreams.get(target.rule.service), path: target.upstreamPath, bodyLimit });
      },
    });

    const tenants = (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.slice(`${API_PREFIX}/admin`.length);
      return deps.forwarder.forward(request, reply, { upstream: deps.upstreams.get('identity'), path, bodyLimit: deps.jsonBodyLimit });
    };
    for (const url of [`${API_PREFIX}/admin/tenants`, `${API_PREFIX}/admin/tenants/*`]) {
      scope.route({
        method: METHODS,
        url,
        config: { public: true },
        schema: { hide: true },
        onRequest: async (request, reply) => {
          if (isAmbiguous(request.url)) throw noRoute();
          const principal = await authenticate(deps.verifier, request, reply);
          // The answer every service gives such a token, so a client knows to ask for the new password.
          if (principal.scope === 'password_change') throw new AppError('password_change_required', 'change your password before doing anything else');
          if (!can(principal, 'tenants:manage')) throw new AppError('forbidden', 'your role does not allow this');
        },
        handler: tenants,
      });
    }
  });
}
