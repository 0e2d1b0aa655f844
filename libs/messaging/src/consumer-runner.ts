import { type MikroORM } from '@gradeline/db';
import { type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { type Logger } from 'pino';
import { type Bus } from './bus';
import { resolveSettings, retryDelay, type AnyConsumerDefinition, type ResolvedSettings } from './consumer';
import { saveDeadLetter } from './dead-letter.store';
import { classifyFailure, type Failure } from './failure';
import { handleEnvelope, parseMessage } from './handle-envelope';
import { Limiter } from './limiter';
import { headersRecord } from './message-headers';
import { consumerName } from './naming';
import { Outbox } from './outbox';
import { type DeadLetterReason } from '@gradeline/db';

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
  private readonly inflight = new Set<Promise<void>>();
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
    await Promise.race([Promise.all([...this.loops, ...this.inflight]), deadline]);
    clearTimeout(timer);
    this.subscriptions = [];
    this.loops = [];
  }

  private async pull(entry: Entry, messages: ConsumerMessages): Promise<void> {
    const limiter = new Limiter(entry.settings.concurrency);
    for await (const msg of messages) {
      if (!this.stopping) await limiter.acquire();
      if (this.stopping) {
        msg.nak();
        continue;
      }
      const work = this.process(entry, msg).finally(() => {
        limiter.release();
        this.inflight.delete(work);
      });
      this.inflight.add(work);
    }
  }

  private async process(entry: Entry, msg: JsMsg): Promise<void> {
    const deliveryCount = msg.info.deliveryCount;
    const parsed = parseMessage(msg.string(), entry.definition.type);
    if (!parsed.ok) {
      await this.giveUp(entry, msg, 'invalid', { permanent: true, code: 'validation_failed', message: parsed.error });
      return;
    }
    const heartbeat = setInterval(() => msg.working(), Math.max(entry.settings.ackWaitMs / 3, 100));
    try {
      const delivery = { ...this.options, outbox: this.outbox, definition: entry.definition, consumer: entry.name };
      const headers = headersRecord(msg.headers);
      await handleEnvelope({ ...delivery, envelope: parsed.envelope, headers, deliveryCount, working: () => msg.working() });
      msg.ack();
    } catch (error) {
      await this.failed(entry, msg, classifyFailure(error));
    } finally {
      clearInterval(heartbeat);
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
