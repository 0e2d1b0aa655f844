import { type EntityManager, type MikroORM } from '@gradeline/db';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { type Logger } from 'pino';
import { type Bus } from './bus';
import { OutboxListener } from './outbox-listener';
import { WakeSignal } from './wake-signal';
import { type EventType } from '@gradeline/contracts';

export interface OutboxRelayOptions {
  orm: MikroORM;
  bus: Bus;
  logger: Logger;
  /** Rows claimed, published and marked per transaction (default 500). */
  batchSize?: number;
  /** Safety-net poll when no NOTIFY arrives (default 1 s). */
  pollIntervalMs?: number;
  /** LISTEN for commits of outbox rows (default true). */
  listen?: boolean;
  /** First retry delay after a failed publish, doubled per attempt up to 1 min (default 1 s). */
  retryBaseMs?: number;
  /** Sent rows older than this are deleted (default 7 days). */
  retentionMs?: number;
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

// payload as text: it is published as it was stored, without a parse and stringify per row.
const CLAIM_SQL = `select id, type, payload::text as payload, headers, attempts from outbox
  where sent_at is null and (next_attempt_at is null or next_attempt_at <= now())
  order by created_at, seq limit ? for update skip locked`;

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
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
  private readonly listener: OutboxListener | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private lastPrune = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
    if (options.listen ?? true) {
      const url = options.orm.config.get('clientUrl');
      if (!url) throw new Error('OutboxRelay needs an ORM configured with a clientUrl to LISTEN');
      this.listener = new OutboxListener(url, () => this.wake.notify(), options.logger);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listener?.start();
    this.loop = this.run();
  }

  /** Stops after the batch in flight has been published and marked (so shutdown flushes it). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.notify();
    await this.loop;
    this.loop = undefined;
    await this.listener?.stop();
  }

  /** Claims, publishes and marks one batch; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    const em = this.options.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows = await tx.execute<ClaimedRow[]>(CLAIM_SQL, [this.batchSize]);
      if (rows.length === 0) return 0;
      const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const sent = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.id);
      if (sent.length > 0) {
        await tx.execute(`update outbox set sent_at = now(), last_error = null where id in (${placeholders(sent.length)})`, sent);
      }
      await this.recordFailures(tx, rows, results);
      return sent.length;
    });
  }

  private publish(row: ClaimedRow): Promise<unknown> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(row.headers ?? {})) h.set(key, value);
    return this.options.bus.js.publish(this.options.bus.subject(row.type), row.payload, { msgID: row.id, headers: h });
  }

  private async recordFailures(tx: EntityManager, rows: ClaimedRow[], results: PromiseSettledResult<unknown>[]): Promise<void> {
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const row = rows[i]!;
      const delay = Math.min(MAX_RETRY_MS, this.retryBaseMs * 2 ** row.attempts);
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      await tx.execute('update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?', [
        reason.slice(0, 1_000),
        new Date(Date.now() + delay),
        row.id,
      ]);
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
