import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { type FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** An EntityManager of this request only (a fork: its identity map dies with the request). */
    em: EntityManager;
  }
}

/**
 * Gives every request its own forked EntityManager as `request.em`. Call it on the root instance
 * before registering routes; it adds a hook rather than a plugin so it reaches every route.
 */
export function ormRequestContext(app: FastifyInstance, orm: MikroORM): void {
  app.decorateRequest('em', null as unknown as EntityManager);
  app.addHook('onRequest', (request, _reply, done) => {
    request.em = orm.em.fork();
    done();
  });
}
