import { type MikroORM } from '@gradeline/db';

/** Rows deleted per statement: each chunk is a short transaction of its own. */
export const INBOX_PRUNE_CHUNK = 5_000;

const PRUNE_CHUNK_SQL = `delete from inbox where (consumer, message_id) in (
  select consumer, message_id from inbox where processed_at < ? order by processed_at limit ? for update skip locked)`;

export interface PruneInboxOptions {
  /** Rows per statement (default INBOX_PRUNE_CHUNK). */
  chunk?: number;
  /** Asked between chunks: true ends the prune early (shutdown). */
  shouldStop?: () => boolean;
}

/**
 * Deletes the inbox rows of messages processed before `before`, oldest first, a bounded chunk per
 * statement (short locks and little WAL at a time; consumers keep inserting meanwhile, and
 * replicas pruning at once skip each other's rows). Returns how many rows were deleted.
 */
export async function pruneInbox(orm: MikroORM, before: Date, options: PruneInboxOptions = {}): Promise<number> {
  const chunk = options.chunk ?? INBOX_PRUNE_CHUNK;
  let total = 0;
  for (;;) {
    const { affectedRows } = await orm.em.fork().execute<{ affectedRows: number }>(PRUNE_CHUNK_SQL, [before, chunk], 'run');
    total += affectedRows;
    if (affectedRows < chunk || options.shouldStop?.()) return total;
  }
}
