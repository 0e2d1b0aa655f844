import { type EntityManager } from '@gradeline/db';
import { type EntityMetadata, type EntityName } from '@mikro-orm/core';

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

interface AliasedColumns {
  /** [key in the row, column name] for every column of the entity under the alias. */
  columns: Array<[string, string]>;
  primaryKey: string;
}

// Per entity metadata and alias: the write path maps three aliases of one row per request.
const aliasedOf = new WeakMap<object, Map<string, AliasedColumns>>();
function aliasedColumns(meta: EntityMetadata, alias: string): AliasedColumns {
  let byAlias = aliasedOf.get(meta);
  if (!byAlias) aliasedOf.set(meta, (byAlias = new Map()));
  let found = byAlias.get(alias);
  if (!found) {
    const columns = meta.props.filter((p) => p.persist !== false && p.fieldNames?.length === 1).map((p): [string, string] => [`${alias}.${p.fieldNames[0]}`, p.fieldNames[0]!]);
    const primaryKey = meta.props.find((p) => p.name === meta.primaryKeys[0])!.fieldNames[0]!;
    byAlias.set(alias, (found = { columns, primaryKey }));
  }
  return found;
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
  const meta = em.getMetadata().get(entity);
  const { columns, primaryKey } = aliasedColumns(meta, alias);
  const own: Record<string, unknown> = {};
  for (const [key, column] of columns) if (key in row) own[column] = row[key];
  if (own[primaryKey] === null || own[primaryKey] === undefined) return null;
  if (options.managed) return em.map(entity, own as never) as T;
  return Object.assign(new entity(), em.getDriver().mapResult(own as never, meta));
}
