import { type MikroORM } from '@gradeline/db';
import { type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { type Logger } from 'pino';
import { type Bus } from './bus';
import { resolveSettings, retryDelay, type AnyConsumerDefinition, type ResolvedSettings } from './consumer';
import { saveDeadLetter } from './dead-letter.store';
import { classifyFailure, type Failure } from './failure';
import { applyBatch, handleEnvelope, parseMessage, type Delivery } from './handle-envelope';
import { BatchQueue } from './batch-queue';
import { headersRecord } from './message-headers';
import { consumerName } from './naming';
import { Outbox } from './outbox';
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

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.outbox = options.outbox ?? new Outbox();
    this.entries = options.consumers.map((definition) => ({
      definition,
      settings: resolveSettings(definition),
      name: consumerName(options.service, definition.purpose),
      stream: options.bus.streamOfType(definition.type),
    }));
  }

  /** Starts pulling from every consumer (their topology must exist: see ensureTopology). */
  async start(): Promise<void> {
    this.stopping = false;
    for (const entry of this.entries) {
      const consumer = await this.options.bus.js.consumers.get(entry.stream, entry.name);
      const messages = await consumer.consume({ max_messages: Math.max(entry.settings.concurrency * 4, 16) });
      this.subscriptions.push(messages);
      this.loops.push(this.pull(entry, messages));
    }
  }

  /**
   * Stops pulling, hands back what was pulled but not started (nak: redelivered at once, here or
   * elsewhere), and waits for in-flight messages to finish, at most `deadlineMs`.
   */
  async stop(deadlineMs = 30_000): Promise<void> {
    this.stopping = true;
    await Promise.all(this.subscriptions.map((s) => s.close()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([Promise.all(this.loops), deadline]);
    clearTimeout(timer);
    this.subscriptions = [];
    this.loops = [];
  }

  private async pull(entry: Entry, messages: ConsumerMessages): Promise<void> {
    const { concurrency, batchSize } = entry.settings;
    const queue = new BatchQueue<JsMsg>(concurrency * batchSize);
    const workers = Array.from({ length: concurrency }, async () => {
      for (let batch = await queue.take(batchSize); batch; batch = await queue.take(batchSize)) {
        if (this.stopping) batch.forEach((m) => m.nak());
        else await this.processBatch(entry, batch);
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
