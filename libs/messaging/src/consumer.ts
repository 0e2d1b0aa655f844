import { type Envelope, type EventData, type EventType } from '@gradeline/contracts';
import { type Actor } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type Logger } from 'pino';

/** Records events that follow from the message being handled (same tenant and correlation). */
export interface FollowUpOutbox {
  record<T extends EventType>(input: { type: T; data: EventData<T>; tenantId?: string; actor?: Actor }): Envelope<T>;
}

export interface HandlerContext {
  /** Forked EntityManager inside the message's transaction: flushed and committed before the ack. */
  em: EntityManager;
  /** Follow-up events, committed with the handler's changes (causationId = this message's id). */
  outbox: FollowUpOutbox;
  /** Child logger carrying messageId, type, tenantId and traceId. */
  logger: Logger;
  /** 1 for the first delivery. */
  deliveryCount: number;
  /** Tells JetStream the work is still going (the runner also does it every ackWait/3). */
  working(): void;
}

export interface ConsumerDefinition<T extends EventType = EventType> {
  /** What this consumer does, kebab-case: the durable is `<service>--<purpose>`. */
  purpose: string;
  /** The one event type consumed (NATS 2.9 allows one filter subject per consumer). */
  type: T;
  handler(envelope: Envelope<T>, ctx: HandlerContext): Promise<void>;
  /** Deliveries before the message becomes a dead letter (default 8, at least 2). */
  maxDeliver?: number;
  /** Time a handler has before JetStream redelivers, renewed by working() (default 30 s). */
  ackWaitMs?: number;
  /** Delay before each retry, by delivery count; the last one repeats (default 1 s, 5 s, 15 s, 60 s, 5 min). */
  backoffMs?: number[];
  /** Transactions running at once (default 4). */
  concurrency?: number;
  /**
   * Messages that arrive together are applied in one transaction, up to this many (default 100):
   * one commit instead of many (a backlog costs a third of the consumer CPU per message it did at
   * 20). If any of them fails, the batch is rolled back and each message is run on its own, so
   * only the failing one is retried. Use 1 for slow handlers: up to `concurrency` × this many
   * messages are pulled ahead, and each waits for the batches before it.
   */
  batchSize?: number;
}

/** Any consumer definition, whatever its event type. */
export type AnyConsumerDefinition = { [T in EventType]: ConsumerDefinition<T> }[EventType];

/** The settings of a consumer that shape its JetStream configuration. */
export type ConsumerSettings = Pick<ConsumerDefinition, 'purpose' | 'type' | 'maxDeliver' | 'ackWaitMs' | 'backoffMs'>;

/** Declares a consumer with its handler typed by the event type. */
export function defineConsumer<T extends EventType>(definition: ConsumerDefinition<T>): ConsumerDefinition<T> {
  return definition;
}

export const CONSUMER_DEFAULTS = {
  maxDeliver: 8,
  ackWaitMs: 30_000,
  backoffMs: [1_000, 5_000, 15_000, 60_000, 300_000],
  concurrency: 4,
  batchSize: 100,
} as const;

export interface ResolvedSettings {
  maxDeliver: number;
  ackWaitMs: number;
  backoffMs: number[];
  concurrency: number;
  batchSize: number;
}

export function resolveSettings(definition: ConsumerSettings & { concurrency?: number; batchSize?: number }): ResolvedSettings {
  const settings = {
    maxDeliver: definition.maxDeliver ?? CONSUMER_DEFAULTS.maxDeliver,
    ackWaitMs: definition.ackWaitMs ?? CONSUMER_DEFAULTS.ackWaitMs,
    backoffMs: definition.backoffMs ?? [...CONSUMER_DEFAULTS.backoffMs],
    concurrency: definition.concurrency ?? CONSUMER_DEFAULTS.concurrency,
    batchSize: definition.batchSize ?? CONSUMER_DEFAULTS.batchSize,
  };
  if (settings.maxDeliver < 2) throw new Error(`${definition.purpose}: maxDeliver must be at least 2`);
  if (settings.backoffMs.length === 0) throw new Error(`${definition.purpose}: backoffMs needs at least one delay`);
  if (settings.concurrency < 1 || settings.batchSize < 1) throw new Error(`${definition.purpose}: concurrency and batchSize must be at least 1`);
  return settings;
}

/** The delay before the next delivery after delivery number `deliveryCount` failed. */
export function retryDelay(settings: ResolvedSettings, deliveryCount: number): number {
  const index = Math.min(Math.max(deliveryCount - 1, 0), settings.backoffMs.length - 1);
  return settings.backoffMs[index]!;
}

/**
 * The longest time from a message's first delivery to the ack deadline of its last one, when
 * every delivery fails or times out: how long JetStream may keep redelivering it.
 */
export function redeliverySpanMs(settings: ResolvedSettings): number {
  const backoff = serverBackoffMs(settings);
  let span = settings.ackWaitMs;
  for (let delivery = 1; delivery < settings.maxDeliver; delivery++) span += backoff[Math.min(delivery - 1, backoff.length - 1)]!;
  return span;
}

/**
 * What JetStream's `backoff` becomes: the wait before redelivering a message nobody acked, per
 * delivery. JetStream 2.9 replaces ack_wait by backoff[0] and uses backoff[n-1] after delivery n,
 * so each entry is ackWait plus the retry delay: a handler always has its full ackWait (renewed by
 * working()), and a crashed one is retried after the same delay as a failed one. At most
 * maxDeliver - 1 entries (a server rule).
 */
export function serverBackoffMs(settings: ResolvedSettings): number[] {
  return settings.backoffMs.slice(0, settings.maxDeliver - 1).map((delay) => settings.ackWaitMs + delay);
}
