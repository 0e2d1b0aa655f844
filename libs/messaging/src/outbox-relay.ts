import { onOutboxCommit, type MikroORM } from '@gradeline/db';
import { type Client as PgClient, type QueryResult } from 'pg';
import { type Logger } from 'pino';
import { type Bus } from './bus';
import { PubAckPublisher } from './pub-acks';
import { WakeSignal } from './wake-signal';
import { type EventType } from '@gradeline/contracts';

export interface OutboxRelayOptions {
  orm: MikroORM;
  bus: Bus;
  logger: Logger;
  /** Rows claimed, published and marked per transaction (default 500). */
  batchSize?: number;
  /** Poll for rows committed by other processes, and as a safety net (default 1 s). */
  pollIntervalMs?: number;
  /** Wake when this process commits outbox rows (default true; else only the poll finds them). */
  wakeOnCommit?: boolean;
  /** First retry delay after a failed publish, doubled per attempt up to 1 min (default 1 s). */
  retryBaseMs?: number;
  /** Sent rows older than this are deleted (default 7 days). */
  retentionMs?: number;
  /** A row without its PubAck after this long counts as failed (default 5 s, as js.publish). */
  publishTimeoutMs?: number;
}

interface ClaimedRow {
  id: string;
  type: EventType;
  payload: string;
  headers: Record<string, string> | null;
  attempts: number;
}

const MAX_RETRY_MS = 60_000;
const PRUNE_EVERY_MS = 3_600_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `begin` and the claim, sent together (one round trip, so the simple protocol: the limit, an
 * integer checked at construction, is written into the text). Payload as text: it is published as
 * it was stored, without a parse and stringify per row.
 */
function beginAndClaim(limit: number): string {
  return `begin; select id, type, payload::text as payload, headers, attempts from outbox
  where sent_at is null and (next_attempt_at is null or next_attempt_at <= now())
  order by created_at, seq limit ${limit} for update skip locked`;
}

/** Marks the published rows sent and commits, in one round trip (ids come from the uuid column; checked anyway). */
function markSentAndCommit(ids: string[]): string {
  if (ids.length === 0) return 'commit';
  if (!ids.every((id) => UUID.test(id))) throw new Error('outbox relay: an id is not a uuid');
  return `update outbox set sent_at = now(), last_error = null where id = any('{${ids.join(',')}}'::uuid[]); commit`;
}

const MARK_FAILED = {
  name: 'gradeline_outbox_failed',
  text: 'update outbox set attempts = attempts + 1, last_error = $2, next_attempt_at = $3 where id = $1',
};

/**
 * One connection of the ORM's pool, used without the ORM: the relay's statements are few and
 * fixed, so it skips the unit of work and the query builder, and a batch costs two round trips
 * (begin + claim, then mark + commit) instead of four.
 */
async function withConnection<T>(orm: MikroORM, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const knex = orm.em.getConnection().getKnex();
  const client = (await knex.client.acquireConnection()) as PgClient;
  try {
    return await fn(client);
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/**
 * Publishes committed outbox rows to JetStream, at least once and in commit order per relay.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas share the work without publishing a
 * row twice; a crash between publish and commit re-publishes the row, which JetStream drops as a
 * duplicate (same Nats-Msg-Id within the 2-minute window) and the consumers' inbox drops after it.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retryBaseMs: number;
  private readonly retentionMs: number;
  private readonly wake = new WakeSignal();
  private readonly publisher: PubAckPublisher;
  private unsubscribe: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private lastPrune = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) throw new Error('OutboxRelay batchSize must be a positive integer');
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
    this.publisher = new PubAckPublisher(options.bus, options.publishTimeoutMs ?? 5_000);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.options.wakeOnCommit ?? true) {
      this.unsubscribe = onOutboxCommit(this.options.orm, () => this.wake.notify());
      if (!this.unsubscribe) this.options.logger.warn('outbox relay: ORM not built by createOrm, new rows are found by polling only');
    }
    this.loop = this.run();
  }

  /** Stops after the batch in flight has been published and marked (so shutdown flushes it). */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake.notify();
    await this.loop;
    this.loop = undefined;
    this.publisher.close();
  }

  /**
   * Claims, publishes and marks one batch; returns how many rows were published. The rows of a
   * batch are published at once (each awaiting its PubAck) and marked sent in one UPDATE, in the
   * transaction that holds their locks.
   */
  async relayOnce(): Promise<number> {
    return withConnection(this.options.orm, async (client) => {
      try {
        const [, claimed] = (await client.query(beginAndClaim(this.batchSize))) as unknown as [QueryResult, QueryResult<ClaimedRow>];
        const rows = claimed.rows;
        const { bus } = this.options;
        const errors = await this.publisher.publishAll(rows.map((r) => ({ subject: bus.subject(r.type), payload: r.payload, msgId: r.id, headers: r.headers })));
        const sent = rows.filter((_, i) => errors[i] === null).map((r) => r.id);
        await this.recordFailures(client, rows, errors);
        await client.query(markSentAndCommit(sent));
        return sent.length;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  private async recordFailures(client: PgClient, rows: ClaimedRow[], errors: Array<Error | null>): Promise<void> {
    for (const [i, error] of errors.entries()) {
      if (!error) continue;
      const row = rows[i]!;
      const delay = Math.min(MAX_RETRY_MS, this.retryBaseMs * 2 ** row.attempts);
      const reason = error.message;
      await client.query({ ...MARK_FAILED, values: [row.id, reason.slice(0, 1_000), new Date(Date.now() + delay)] });
      this.options.logger.warn({ outboxId: row.id, type: row.type, attempts: row.attempts + 1, retryInMs: delay }, 'outbox publish failed');
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
        await this.pruneSent();
      } catch (error) {
        this.options.logger.error({ code: (error as { code?: string }).code }, 'outbox relay batch failed');
      }
      if (published < this.batchSize && this.running) await this.wake.sleep(this.pollIntervalMs);
    }
  }

  private async pruneSent(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.options.orm.em.fork().execute('delete from outbox where sent_at < ?', [new Date(Date.now() - this.retentionMs)]);
  }
}
