import { type JwtVerifier } from '@gradeline/auth';
import { type KitServer } from '@gradeline/kit';
import { authenticate } from './bearer';
import { API_PREFIX } from './route-resolution';

/**
 * Registers the gateway's own `/api/v1` routes (admin API, webhooks). They are authenticated here,
 * after the per-address rate limit; the runtime's auth hook would run before that limit, so the
 * routes are marked `public` for it and checked by this scope instead.
 */
export async function gatewayScope(app: KitServer, verifier: JwtVerifier, routes: (scope: KitServer) => Promise<void> | void): Promise<void> {
  await app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      scope.addHook('onRequest', async (request, reply) => {
        if (request.method !== 'OPTIONS') await authenticate(verifier, request, reply);
      });
      await routes(scope);
    },
    { prefix: API_PREFIX },
  );
}
