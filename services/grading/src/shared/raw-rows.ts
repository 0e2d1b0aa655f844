import { type EntityManager } from '@gradeline/db';

// Rows written as parts of one SQL statement (see grading/copy-statement.ts), built from the
// entities' own metadata so that they match what the ORM would have written.

/**
 * The rows a writer that persists through an EntityManager (AuditLog.record, Outbox.record) would
 * persist, captured instead: they are then inserted as parts of one statement.
 */
export function captureRows(write: (em: EntityManager) => unknown): object[] {
  const rows: object[] = [];
  const capturing = { persist: (row: object) => void rows.push(row) };
  write(capturing as unknown as EntityManager);
  return rows;
}

export interface SqlPart {
  sql: string;
  params: unknown[];
}

interface Insertable {
  tableName: string;
  /** [property, column, column type] of every single-column persisted property. */
  columns: Array<[string, string, string]>;
}

// Per entity metadata: an audit row and a written row go through here on every write.
const insertableOf = new WeakMap<object, Insertable>();

/**
 * `insert into <table> (<columns>) select <values> from <source>`: an entity's row, inserted only
 * when `source` (a CTE of the statement) has a row. Undefined fields are left to their defaults.
 */
export function insertFrom(em: EntityManager, row: object, source: string): SqlPart {
  const meta = em.getMetadata().find(row.constructor.name);
  if (!meta) throw new Error(`no entity metadata for ${row.constructor.name}`);
  let insertable = insertableOf.get(meta);
  if (!insertable) {
    const columns = meta.props
      .filter((p) => p.persist !== false && p.fieldNames?.length === 1)
      .map((p): [string, string, string] => [p.name, p.fieldNames[0]!, p.columnTypes[0]!]);
    insertableOf.set(meta, (insertable = { tableName: meta.tableName, columns }));
  }
  const columns: string[] = [];
  const values: string[] = [];
  const params: unknown[] = [];
  for (const [name, column, type] of insertable.columns) {
    const value = (row as Record<string, unknown>)[name];
    if (value === undefined) continue;
    columns.push(`"${column}"`);
    values.push(`?::${type}`);
    params.push(type === 'jsonb' && value !== null ? JSON.stringify(value) : value);
  }
  return { sql: `insert into "${insertable.tableName}" (${columns.join(', ')}) select ${values.join(', ')} from ${source}`, params };
}
