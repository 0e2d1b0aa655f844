import { type MikroORM } from '@gradeline/db';
import { type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { type Logger } from 'pino';
import { type Bus } from './bus';
import { redeliverySpanMs, resolveSettings, retryDelay, type AnyConsumerDefinition, type ResolvedSettings } from './consumer';
import { saveDeadLetter } from './dead-letter.store';
import { classifyFailure, type Failure } from './failure';
import { applyBatch, handleEnvelope, parseMessage, type Delivery } from './handle-envelope';
import { BatchQueue } from './batch-queue';
import { pruneInbox } from './inbox-prune';
import { headersRecord } from './message-headers';
import { consumerName } from './naming';
import { Outbox } from './outbox';
import { DUPLICATE_WINDOW_MS, STREAM_MAX_AGE_MS } from './topology';
import { type DeadLetterReason } from '@gradeline/db';
import { type AnyEnvelope } from '@gradeline/contracts';

export interface ConsumerRunnerOptions {
  orm: MikroORM;
  bus: Bus;
  logger: Logger;
  /** The consuming service: durables are `<service>--<purpose>`. */
  service: string;
  consumers: AnyConsumerDefinition[];
  /** Where handlers' follow-up events go (default: a new Outbox). */
  outbox?: Outbox;
  /**
   * Inbox rows older than this are deleted (default 7 days, the streams' max age: a message still
   * in a stream, even one a new durable would read again, keeps its row). At least the duplicate
   * window plus the longest redelivery span of the consumers.
   */
  inboxRetentionMs?: number;
  /** How often the inbox is pruned (default 1 hour; the first prune runs at start). */
  inboxPruneIntervalMs?: number;
}

interface Entry {
  definition: AnyConsumerDefinition;
  settings: ResolvedSettings;
  name: string;
  stream: string;
}

/**
 * Runs a service's durable pull consumers: each message is parsed with the contract, handled once
 * (inbox + transaction), acked after commit, retried with backoff on transient errors and turned
 * into a dead letter when it is invalid, refused for good, or out of deliveries.
 */
export class ConsumerRunner {
  private readonly entries: Entry[];
  private readonly outbox: Outbox;
  private subscriptions: ConsumerMessages[] = [];
  private loops: Array<Promise<void>> = [];
  private stopping = false;
  private readonly inboxRetentionMs: number;
  private readonly inboxPruneIntervalMs: number;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<unknown> | undefined;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.outbox = options.outbox ?? new Outbox();
    this.entries = options.consumers.map((definition) => ({
      definition,
      settings: resolveSettings(definition),
      name: consumerName(options.service, definition.purpose),
      stream: options.bus.streamOfType(definition.type),
    }));
    this.inboxRetentionMs = options.inboxRetentionMs ?? STREAM_MAX_AGE_MS;
    this.inboxPruneIntervalMs = options.inboxPruneIntervalMs ?? 3_600_000;
    const minimum = DUPLICATE_WINDOW_MS + Math.max(0, ...this.entries.map((e) => redeliverySpanMs(e.settings)));
    if (this.inboxRetentionMs < minimum) {
      throw new Error(`inboxRetentionMs must be at least ${minimum} ms (duplicate window + longest redelivery span), got ${this.inboxRetentionMs}`);
    }
  }

  /** Starts pulling from every consumer (their topology must exist: see ensureTopology). */
  async start(): Promise<void> {
    this.stopping = false;
    for (const entry of this.entries) {
      const consumer = await this.options.bus.js.consumers.get(entry.stream, entry.name);
      // As many as the workers can hold (see pull): the client asks again when a quarter has been
      // taken, so pulls come in batch-sized chunks rather than a few messages each.
      const { concurrency, batchSize } = entry.settings;
      const messages = await consumer.consume({ max_messages: Math.max(concurrency * batchSize, 16) });
      this.subscriptions.push(messages);
      this.loops.push(this.pull(entry, messages));
    }
    this.schedulePrune(0);
  }

  /**
   * Deletes inbox rows older than the retention (in bounded chunks, see pruneInbox); returns how
   * many. Runs at start and every `inboxPruneIntervalMs`; a failure is logged and retried then.
   */
  async pruneInbox(): Promise<number> {
    try {
      const deleted = await pruneInbox(this.options.orm, new Date(Date.now() - this.inboxRetentionMs), { shouldStop: () => this.stopping });
      if (deleted > 0) this.options.logger.info({ deleted, retentionMs: this.inboxRetentionMs }, 'inbox pruned');
      return deleted;
    } catch (error) {
      this.options.logger.warn({ code: classifyFailure(error).code }, 'inbox prune failed; retrying at the next interval');
      return 0;
    }
  }

  private schedulePrune(delayMs: number): void {
    this.pruneTimer = setTimeout(() => {
      this.pruning = this.pruneInbox().finally(() => {
        this.pruning = undefined;
        if (!this.stopping) this.schedulePrune(this.inboxPruneIntervalMs);
      });
    }, delayMs);
    this.pruneTimer.unref();
  }

  /**
   * Stops pulling, hands back what was pulled but not started (nak: redelivered at once, here or
   * elsewhere), and waits for in-flight messages to finish, at most `deadlineMs`.
   */
  async stop(deadlineMs = 30_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pruneTimer);
    await Promise.all(this.subscriptions.map((s) => s.close()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([Promise.all(this.loops), deadline]);
    clearTimeout(timer);
    await this.pruning;
    this.subscriptions = [];
    this.loops = [];
  }

  private async pull(entry: Entry, messages: ConsumerMessages): Promise<void> {
    const { concurrency, batchSize } = entry.settings;
    const queue = new BatchQueue<JsMsg>(concurrency * batchSize);
    const workers = Array.from({ length: concurrency }, async () => {
      for (let batch = await queue.take(batchSize); batch; batch = await queue.take(batchSize)) {
        try {
          if (this.stopping) batch.items.forEach((m) => m.nak());
          else await this.processBatch(entry, batch.items);
        } finally {
          batch.done();
        }
      }
    });
    for await (const msg of messages) {
      if (this.stopping) msg.nak();
      else await queue.put(msg);
    }
    // Pulled but never started: hand them back so they are redelivered at once.
    queue.close().forEach((m) => m.nak());
    await Promise.all(workers);
  }

  private delivery(entry: Entry, msg: JsMsg, envelope: AnyEnvelope): Delivery {
    const { orm, logger } = this.options;
    const base = { orm, logger, outbox: this.outbox, definition: entry.definition, consumer: entry.name };
    return { ...base, envelope, headers: headersRecord(msg.headers), deliveryCount: msg.info.deliveryCount, working: () => msg.working() };
  }

  /** Parses each message (invalid ones become dead letters) and returns the valid ones. */
  private async parseAll(entry: Entry, msgs: JsMsg[]): Promise<Array<{ msg: JsMsg; envelope: AnyEnvelope }>> {
    const valid: Array<{ msg: JsMsg; envelope: AnyEnvelope }> = [];
    for (const msg of msgs) {
      const parsed = parseMessage(msg.string(), entry.definition.type);
      if (parsed.ok) valid.push({ msg, envelope: parsed.envelope });
      else await this.giveUp(entry, msg, 'invalid', { permanent: true, code: 'validation_failed', message: parsed.error });
    }
    return valid;
  }

  private async processBatch(entry: Entry, msgs: JsMsg[]): Promise<void> {
    const valid = await this.parseAll(entry, msgs);
    if (valid.length === 0) return;
    const heartbeat = setInterval(() => valid.forEach((v) => v.msg.working()), Math.max(entry.settings.ackWaitMs / 3, 100));
    try {
      if (valid.length > 1) {
        const applied = await this.options.orm.em
          .fork()
          .transactional(async (tx) => {
            await applyBatch(tx, valid.map((v) => this.delivery(entry, v.msg, v.envelope)));
            return true;
          })
          .catch(() => false);
        if (applied) return valid.forEach((v) => v.msg.ack());
      }
      // Alone, or after the batch rolled back: one transaction each, so only a failing message is retried.
      for (const v of valid) await this.processOne(entry, v.msg, v.envelope);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async processOne(entry: Entry, msg: JsMsg, envelope: AnyEnvelope): Promise<void> {
    try {
      await handleEnvelope(this.delivery(entry, msg, envelope));
      msg.ack();
    } catch (error) {
      await this.failed(entry, msg, classifyFailure(error));
    }
  }

  private async failed(entry: Entry, msg: JsMsg, failure: Failure): Promise<void> {
    const deliveryCount = msg.info.deliveryCount;
    const log = { consumer: entry.name, streamSeq: msg.info.streamSequence, deliveryCount, code: failure.code };
    if (failure.permanent) {
      await this.giveUp(entry, msg, 'terminated', failure);
    } else if (deliveryCount >= entry.settings.maxDeliver) {
      await this.giveUp(entry, msg, 'max_deliveries', failure);
    } else {
      const delay = retryDelay(entry.settings, deliveryCount);
      this.options.logger.warn({ ...log, retryInMs: delay }, 'message failed; will retry');
      msg.nak(delay);
    }
  }

  /**
   * Records the dead letter, then terminates the message. If the record cannot be written (the
   * database is down), the message is nak'd instead: it comes back, or JetStream's max-deliveries
   * advisory lets the DeadLetterRecorder write it later.
   */
  private async giveUp(entry: Entry, msg: JsMsg, reason: DeadLetterReason, failure: Failure): Promise<void> {
    const log = { consumer: entry.name, streamSeq: msg.info.streamSequence, deliveryCount: msg.info.deliveryCount, code: failure.code, reason };
    try {
      await saveDeadLetter(
        this.options.orm.em.fork(),
        {
          consumer: entry.name,
          stream: msg.info.stream,
          streamSeq: msg.info.streamSequence,
          subject: msg.subject,
          body: msg.string(),
          headers: headersRecord(msg.headers),
          reason,
          errorCode: failure.code,
          errorMessage: failure.message,
          deliveries: msg.info.deliveryCount,
        },
        true,
      );
    } catch (error) {
      this.options.logger.error({ ...log, recordCode: classifyFailure(error).code }, 'cannot record dead letter; message handed back');
      msg.nak(retryDelay(entry.settings, msg.info.deliveryCount));
      return;
    }
    this.options.logger.error(log, 'message became a dead letter');
    // No reason argument: NATS 2.9 ignores a "+TERM <reason>" ack and would redeliver the message.
    msg.term();
  }
}
