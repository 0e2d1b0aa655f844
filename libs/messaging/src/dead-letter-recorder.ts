import { type MikroORM } from '@gradeline/db';
import { JetStreamApiCodes, JetStreamApiError, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { type Logger } from 'pino';
import { z } from 'zod';
import { type Bus } from './bus';
import { saveDeadLetter } from './dead-letter.store';
import { headersRecord } from './message-headers';
import { advisoryStreamOf, consumerName } from './naming';

/** What NATS 2.9.10 sends on MAX_DELIVERIES and MSG_TERMINATED (checked against the server). */
export const ConsumerAdvisory = z.object({
  type: z.enum(['io.nats.jetstream.advisory.v1.max_deliver', 'io.nats.jetstream.advisory.v1.terminated']),
  stream: z.string().min(1),
  consumer: z.string().min(1),
  stream_seq: z.number().int().positive(),
  deliveries: z.number().int().nonnegative(),
});
export type ConsumerAdvisory = z.infer<typeof ConsumerAdvisory>;

export interface DeadLetterRecorderOptions {
  orm: MikroORM;
  bus: Bus;
  logger: Logger;
  service: string;
}

const RETRY_MS = 5_000;

/**
 * Makes dead letters durable even when the runner could not write them (the process died on the
 * last delivery, or the database was down): JetStream's advisories for the service's consumers
 * are kept in a stream of the service's own (see ensureTopology); this reads them, fetches the
 * original message from its stream by sequence, and stores a dead letter unless one exists.
 */
export class DeadLetterRecorder {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: DeadLetterRecorderOptions) {}

  async start(): Promise<void> {
    const { bus, service } = this.options;
    const consumer = await bus.js.consumers.get(advisoryStreamOf(service, bus.namespace), consumerName(service, 'dead-letters'));
    this.messages = await consumer.consume({ max_messages: 16 });
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    this.messages = undefined;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) await this.record(msg);
  }

  private async record(msg: JsMsg): Promise<void> {
    const advisory = ConsumerAdvisory.safeParse(safeJson(msg.string()));
    if (!advisory.success) {
      this.options.logger.warn({ subject: msg.subject }, 'unexpected advisory ignored');
      msg.term();
      return;
    }
    const a = advisory.data;
    try {
      const original = await this.original(a);
      await saveDeadLetter(
        this.options.orm.em.fork(),
        {
          consumer: a.consumer,
          stream: a.stream,
          streamSeq: a.stream_seq,
          subject: original?.subject ?? '',
          body: original?.body ?? null,
          headers: original?.headers ?? {},
          reason: a.type.endsWith('max_deliver') ? 'max_deliveries' : 'terminated',
          errorCode: original ? null : 'message_gone',
          errorMessage: original ? null : 'the message was no longer in its stream when the advisory was read',
          deliveries: a.deliveries,
        },
        false,
      );
      msg.ack();
    } catch (error) {
      this.options.logger.warn({ consumer: a.consumer, streamSeq: a.stream_seq, code: (error as { code?: unknown }).code }, 'cannot record advisory yet');
      msg.nak(RETRY_MS);
    }
  }

  private async original(a: ConsumerAdvisory): Promise<{ subject: string; body: string; headers: Record<string, string> } | null> {
    try {
      const stored = await this.options.bus.jsm.streams.getMessage(a.stream, { seq: a.stream_seq });
      return stored ? { subject: stored.subject, body: stored.string(), headers: headersRecord(stored.header) } : null;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return null;
      throw error;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
