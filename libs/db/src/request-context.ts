import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** An EntityManager of this request only (a fork: its identity map dies with the request). */
    em: EntityManager;
  }
}

const forks = new WeakMap<FastifyRequest, EntityManager>();

/**
 * Gives every request its own forked EntityManager as `request.em`. The fork is made when a route
 * first reads it, so requests that never touch the database (the gateway's proxied ones, probes)
 * do not pay for one. Call it on the root instance before registering routes.
 */
export function ormRequestContext(app: FastifyInstance, orm: MikroORM): void {
  app.decorateRequest('em', {
    getter(this: FastifyRequest): EntityManager {
      let em = forks.get(this);
      if (!em) forks.set(this, (em = orm.em.fork()));
      return em;
    },
  });
}
