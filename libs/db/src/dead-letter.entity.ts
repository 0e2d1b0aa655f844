import { BigIntType, EntitySchema } from '@mikro-orm/core';

export const DEAD_LETTER_REASONS = ['max_deliveries', 'terminated', 'invalid'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/**
 * A message a consumer gave up on. JetStream keeps the message after max_deliver or term; this
 * row is what an operator lists, replays or discards.
 */
export class DeadLetter {
  id!: string;
  /** The durable consumer name (`<service>--<purpose>`). */
  consumer!: string;
  stream!: string;
  streamSeq!: number;
  subject!: string;
  /** The message as JSON when it parsed as JSON, else null (see `raw`). */
  envelope: Record<string, unknown> | null = null;
  /** The message body as text when it was not JSON, or null. */
  raw: string | null = null;
  headers: Record<string, string> = {};
  reason!: DeadLetterReason;
  errorCode: string | null = null;
  errorMessage: string | null = null;
  deliveries = 0;
  firstFailedAt: Date = new Date();
  status: DeadLetterStatus = 'open';
  replayedAt: Date | null = null;
  replayError: string | null = null;
}

export const deadLetterEntity = new EntitySchema<DeadLetter>({
  class: DeadLetter,
  tableName: 'dead_letter',
  properties: {
    id: { type: 'uuid', primary: true },
    consumer: { type: 'text' },
    stream: { type: 'text' },
    streamSeq: { type: new BigIntType('number') },
    subject: { type: 'text' },
    envelope: { type: 'json', nullable: true },
    raw: { type: 'text', nullable: true },
    headers: { type: 'json' },
    reason: { type: 'text' },
    errorCode: { type: 'text', nullable: true },
    errorMessage: { type: 'text', nullable: true },
    deliveries: { type: 'integer', default: 0 },
    firstFailedAt: { type: 'datetime' },
    status: { type: 'text', default: 'open' },
    replayedAt: { type: 'datetime', nullable: true },
    replayError: { type: 'text', nullable: true },
  },
  uniques: [{ name: 'dead_letter_consumer_stream_seq_unique', properties: ['consumer', 'stream', 'streamSeq'] }],
  indexes: [{ name: 'dead_letter_status_index', properties: ['status', 'firstFailedAt'] }],
});
