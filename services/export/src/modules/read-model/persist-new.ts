import { type EntityManager } from '@gradeline/db';

/** A new entity with its class defaults, the given fields, persisted in the caller's unit of work. */
export function persistNew<T extends object>(em: EntityManager, type: new () => T, fields: Partial<T>): T {
  const entity = Object.assign(new type(), fields);
  em.persist(entity);
  return entity;
}
