import { randomUUID } from 'node:crypto';
import { type NormalisedRect } from '@gradeline/contracts';
import { notifySql, type EntityManager } from '@gradeline/db';
import { type CodeMode } from '../batches/batch.entity';
import { type TaskKind } from './task.entity';

/** A task a worker holds under a lease. */
export interface ClaimedTask {
  id: string;
  kind: TaskKind;
  tenantId: string;
  batchId: string;
  scanIndex: number | null;
  subjectId: string | null;
  /** Including this one. */
  attempts: number;
  /** What a page task needs of its batch, read with the claim (null when the batch is gone). */
  batch: ClaimedBatch | null;
}

export interface ClaimedBatch {
  examId: string;
  sourceKey: string;
  size: number;
  codeMode: CodeMode;
  pagesTotal: number;
  pagesPerCopy: number;
  headerRegion: NormalisedRect;
}

export interface NewTask {
  key: string;
  kind: TaskKind;
  tenantId: string;
  batchId: string;
  subjectId?: string | null;
  priority: number;
}

// One statement: pick the first free task, skipping rows other workers are claiming right now,
// and take it under a lease. A dead worker's tasks become free again when their lease ends.
const CLAIM_SQL = `update ingestion_task t
  set lease_owner = ?, lease_expires_at = now() + (? * interval '1 millisecond'), attempts = t.attempts + 1
  where t.id = (
    select q.id from ingestion_task q
    where q.status = 'pending' and (q.lease_expires_at is null or q.lease_expires_at < now())
    order by q.priority, q.seq limit 1 for update skip locked)
  returning t.id, t.kind, t.tenant_id, t.batch_id, t.scan_index, t.subject_id, t.attempts,
    (select row_to_json(b) from (
      select exam_id as "examId", source_key as "sourceKey", size, code_mode as "codeMode", pages_total as "pagesTotal",
        pages_per_copy as "pagesPerCopy", header_region as "headerRegion"
      from batch where id = t.batch_id) b) as batch`;

/** Committed with every enqueue: wakes the idle loops of every replica (their poll is the fallback). */
export const TASK_CHANNEL = 'ingestion_task';
const NOTIFY_SQL = notifySql(TASK_CHANNEL);

interface ClaimRow {
  id: string;
  kind: TaskKind;
  tenant_id: string;
  batch_id: string;
  scan_index: number | null;
  subject_id: string | null;
  attempts: number;
  /** The batch's columns as ClaimedBatch names them (size is a bigint: a string if it ever comes as one). */
  batch: (Omit<ClaimedBatch, 'size'> & { size: string | number }) | null;
}

/** The database work queue of ingestion's workers. */
export const taskQueue = {
  async claim(em: EntityManager, owner: string, leaseMs: number): Promise<ClaimedTask | null> {
    const [row] = await em.execute<ClaimRow[]>(CLAIM_SQL, [owner, leaseMs]);
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      tenantId: row.tenant_id,
      batchId: row.batch_id,
      scanIndex: row.scan_index,
      subjectId: row.subject_id,
      attempts: row.attempts,
      batch: row.batch && { ...row.batch, size: Number(row.batch.size) },
    };
  },

  /**
   * Marks a task done inside the transaction that records its result. False when it was already
   * done (another worker finished it after this one's lease ran out): the caller must then write nothing.
   */
  async complete(em: EntityManager, taskId: string): Promise<boolean> {
    const rows = await em.execute<Array<{ id: string }>>(
      `update ingestion_task set status = 'done', lease_owner = null, lease_expires_at = null, last_error = null
       where id = ? and status = 'pending' returning id`,
      [taskId],
    );
    return rows.length === 1;
  },

  /** `complete` for several tasks in one statement: the ids of those this call completed. */
  async completeMany(em: EntityManager, taskIds: string[]): Promise<Set<string>> {
    const rows = await em.execute<Array<{ id: string }>>(
      `update ingestion_task set status = 'done', lease_owner = null, lease_expires_at = null, last_error = null
       where id in (${taskIds.map(() => '?').join(', ')}) and status = 'pending' returning id`,
      taskIds,
    );
    return new Set(rows.map((r) => r.id));
  },

  /** Gives a failed task back, free again after `delayMs`. */
  async release(em: EntityManager, taskId: string, owner: string, delayMs: number, error: string): Promise<void> {
    await em.execute(
      `update ingestion_task set lease_owner = null, lease_expires_at = now() + (? * interval '1 millisecond'), last_error = ?
       where id = ? and lease_owner = ? and status = 'pending'`,
      [delayMs, error.slice(0, 500), taskId, owner],
    );
  },

  /** Extends the leases of tasks still being worked on. */
  async renew(em: EntityManager, taskIds: string[], owner: string, leaseMs: number): Promise<void> {
    if (taskIds.length === 0) return;
    await em.execute(
      `update ingestion_task set lease_expires_at = now() + (? * interval '1 millisecond')
       where id in (${taskIds.map(() => '?').join(', ')}) and lease_owner = ? and status = 'pending'`,
      [leaseMs, ...taskIds, owner],
    );
  },

  /** Adds tasks; one already known by its key is made pending again (a copy to republish). */
  async enqueue(em: EntityManager, tasks: NewTask[]): Promise<void> {
    for (let i = 0; i < tasks.length; i += 500) {
      const chunk = tasks.slice(i, i + 500);
      const values = chunk.map(() => `(?, ?, ?, ?, ?, ?, ?, 'pending', 0, now())`).join(', ');
      const params = chunk.flatMap((t) => [randomUUID(), t.key, t.kind, t.tenantId, t.batchId, t.subjectId ?? null, t.priority]);
      await em.execute(
        `insert into ingestion_task (id, key, kind, tenant_id, batch_id, subject_id, priority, status, attempts, created_at)
         values ${values}
         on conflict (key) do update set status = 'pending', lease_owner = null, lease_expires_at = null, attempts = 0, last_error = null`,
        params,
      );
    }
    if (tasks.length > 0) await em.execute(NOTIFY_SQL);
  },

  /** Makes page tasks of a batch pending again, as new (their pages are to be processed once more). */
  async redoPages(em: EntityManager, batch: { tenantId: string; id: string }, scanIndexes: number[]): Promise<void> {
    if (scanIndexes.length === 0) return;
    await em.execute(
      `update ingestion_task set status = 'pending', attempts = 0, lease_owner = null, lease_expires_at = null, last_error = null
       where tenant_id = ? and batch_id = ? and kind = 'page' and scan_index in (${scanIndexes.map(() => '?').join(', ')})`,
      [batch.tenantId, batch.id, ...scanIndexes],
    );
    await em.execute(NOTIFY_SQL);
  },

  /** One page task per PDF page, in page order. */
  async enqueuePages(em: EntityManager, tenantId: string, batchId: string, pages: number): Promise<void> {
    await em.execute(
      `insert into ingestion_task (id, key, kind, tenant_id, batch_id, scan_index, priority, status, attempts, created_at)
       select gen_random_uuid(), 'page:' || ? || ':' || i, 'page', ?, ?, i, 1, 'pending', 0, now()
       from generate_series(0, ? - 1) as i order by i`,
      [batchId, tenantId, batchId, pages],
    );
    await em.execute(NOTIFY_SQL);
  },

  async pendingCount(em: EntityManager, batchId: string): Promise<number> {
    const [row] = await em.execute<Array<{ n: number }>>(
      `select count(*)::int as n from ingestion_task where batch_id = ? and status = 'pending'`,
      [batchId],
    );
    return row?.n ?? 0;
  },
};
