import { createHash } from 'node:crypto';
import { type EntityManager } from '@gradeline/db';

// The write path's two statements (the joined read, the conditional write) ran through the ORM's
// raw execute, which formats every parameter into the SQL text in JavaScript and sends the result
// for PostgreSQL to parse and plan again each time. Profiles put that, with knex around it, at a
// sixth of the grading process's CPU per write. Here they are named prepared statements on a
// connection of the same pool: parsed once per connection, parameters sent apart from the text.

interface PgClient {
  query<R>(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

interface Prepared {
  /** Unset once the cache is full: such a statement still runs, unnamed (parsed every time). */
  name?: string;
  text: string;
}

// Statement texts are built from a few fixed shapes (an insert's columns, a batch's row count), so
// they are few; the bound keeps a surprise from filling every connection with prepared statements.
const MAX_PREPARED = 200;
const prepared = new Map<string, Prepared>();

/** `?` placeholders (the only `?` in these statements) as PostgreSQL's `$1`, `$2`… */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function preparedFor(sql: string): Prepared {
  const known = prepared.get(sql);
  if (known) return known;
  const text = numbered(sql);
  if (prepared.size >= MAX_PREPARED) return { text };
  const statement = { name: `grading_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text };
  prepared.set(sql, statement);
  return statement;
}

/**
 * Runs one statement (`?` placeholders) and returns its rows. Outside a transaction it runs as a
 * prepared statement on a pooled connection (autocommit: the statement is its own transaction,
 * exactly as through the ORM); inside one it goes through the transaction's connection.
 */
export async function runStatement<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.isInTransaction()) return em.execute<T[]>(sql, params);
  const statement = preparedFor(sql);
  const knex = em.getConnection().getKnex();
  const client = (await knex.client.acquireConnection()) as PgClient;
  try {
    return (await client.query<T>({ ...statement, values: params })).rows;
  } finally {
    await knex.client.releaseConnection(client);
  }
}
