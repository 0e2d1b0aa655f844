import { authPlugin, requirePermission } from '@gradeline/auth';
import { ormRequestContext } from '@gradeline/db';
import { createServer, type KitServer } from '@gradeline/kit';
import { deadLetterRoutes, type DeadLetters } from '@gradeline/messaging';
import { FilesystemObjectStore, signedObjectRoutes } from '@gradeline/storage';
import { auditRoutes } from './audit';
import { type RuntimeConfig } from './config';
import { type ServiceDefinition, type ServiceDeps } from './definition';

/**
 * The HTTP side of a service: kit server (problem+json, health, metrics, OpenAPI), bearer auth on
 * every route unless public, a forked EntityManager per request, signed file links (filesystem
 * store), the dead-letter admin routes, then the service's own modules. Never listens.
 */
export async function buildServiceApp<C extends RuntimeConfig>(
  definition: ServiceDefinition<C>,
  deps: ServiceDeps<C>,
  deadLetters: DeadLetters,
): Promise<KitServer> {
  const { orm, bus, store, logger } = deps;
  const app = createServer({
    service: definition.name,
    logger,
    bodyLimit: definition.bodyLimit,
    trustProxy: definition.trustProxy?.(deps.config) ?? deps.config.TRUSTED_PROXIES,
    openapi: definition.openapi,
    readiness: {
      database: async () => void (await orm.em.fork().getConnection().execute('select 1')),
      nats: async () => {
        if (bus.nc.isClosed()) throw new Error('closed');
        await bus.nc.flush();
      },
      storage: () => store.check(),
    },
  });
  await app.register(authPlugin, { verifier: deps.verifier });
  ormRequestContext(app, orm);
  if (store instanceof FilesystemObjectStore && deps.config.STORAGE_SIGNING_SECRET) {
    await app.register(signedObjectRoutes, { store, secret: deps.config.STORAGE_SIGNING_SECRET, prefix: '/files' });
  }
  await app.register(deadLetterRoutes, { deadLetters, preHandler: requirePermission('dead-letters:manage') });
  auditRoutes(app, deps.audit);
  await definition.routes(app, deps);
  return app;
}
