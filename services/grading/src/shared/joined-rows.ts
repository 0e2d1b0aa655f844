import { type EntityManager } from '@gradeline/db';
import { type EntityName } from '@mikro-orm/core';

// One joined query instead of one per entity: on the write path every statement costs a round trip
// and the ORM's per-query work, which together dominated a write's time.

/** `alias."column" as "alias.column"` for every column of an entity. */
export function columnsOf(em: EntityManager, entity: EntityName<object>, alias: string): string {
  return em
    .getMetadata()
    .get(entity)
    .props.filter((p) => p.persist !== false && p.fieldNames?.length === 1)
    .map((p) => `${alias}."${p.fieldNames[0]}" as "${alias}.${p.fieldNames[0]}"`)
    .join(', ');
}

/**
 * The entity behind `alias` in a row of such a query, or null for a missed outer join. `managed`
 * merges it into `em` (its changes are flushed); otherwise it is a plain read-only instance, which
 * also spares the flush from comparing it.
 */
export function mapAliased<T extends object>(
  em: EntityManager,
  entity: EntityName<T> & (new () => T),
  row: Record<string, unknown>,
  alias: string,
  options: { managed: boolean },
): T | null {
  const prefix = `${alias}.`;
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith(prefix)) own[key.slice(prefix.length)] = value;
  const meta = em.getMetadata().get(entity);
  const column = meta.props.find((p) => p.name === meta.primaryKeys[0])!.fieldNames[0]!;
  if (own[column] === null || own[column] === undefined) return null;
  if (options.managed) return em.map(entity, own as never) as T;
  return Object.assign(new entity(), em.getDriver().mapResult(own as never, meta));
}
