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

/**
 * `insert into <table> (<columns>) select <values> from <source>`: an entity's row, inserted only
 * when `source` (a CTE of the statement) has a row. Undefined fields are left to their defaults.
 */
export function insertFrom(em: EntityManager, row: object, source: string): SqlPart {
  const meta = em.getMetadata().find(row.constructor.name);
  if (!meta) throw new Error(`no entity metadata for ${row.constructor.name}`);
  const columns: string[] = [];
  const values: string[] = [];
  const params: unknown[] = [];
  for (const prop of meta.props) {
    const value = (row as Record<string, unknown>)[prop.name];
    if (value === undefined || prop.persist === false || prop.fieldNames?.length !== 1) continue;
    const type = prop.columnTypes[0]!;
    columns.push(`"${prop.fieldNames[0]}"`);
    values.push(`?::${type}`);
    params.push(type === 'jsonb' && value !== null ? JSON.stringify(value) : value);
  }
  return { sql: `insert into "${meta.tableName}" (${columns.join(', ')}) select ${values.join(', ')} from ${source}`, params };
}
