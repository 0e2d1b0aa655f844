import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * One event waiting to be published (or already published). Written in the same transaction as
 * the state change it announces; the relay publishes it with `Nats-Msg-Id` = `id`.
 */
export class OutboxMessage {
  /** The envelope id, also the JetStream de-duplication id. */
  id!: string;
  /** Insertion order, the tie-break when several rows share a `createdAt` millisecond. */
  seq?: number;
  type!: string;
  tenantId!: string;
  /** The whole envelope, exactly as it will be published. */
  payload!: Record<string, unknown>;
  /** NATS headers to publish with (traceparent, ...). */
  headers: Record<string, string> = {};
  createdAt: Date = new Date();
  sentAt: Date | null = null;
  attempts = 0;
  lastError: string | null = null;
  /** After a failed publish, the relay leaves the row alone until then. */
  nextAttemptAt: Date | null = null;
}

export const outboxMessageEntity = new EntitySchema<OutboxMessage>({
  class: OutboxMessage,
  tableName: 'outbox',
  properties: {
    id: { type: 'uuid', primary: true },
    seq: { type: new BigIntType('number'), autoincrement: true },
    type: { type: 'text' },
    tenantId: { type: 'uuid' },
    payload: { type: 'json' },
    headers: { type: 'json' },
    createdAt: { type: 'datetime' },
    sentAt: { type: 'datetime', nullable: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    nextAttemptAt: { type: 'datetime', nullable: true },
  },
  indexes: [
    {
      // Only unsent rows are ever scanned by the relay: a partial index stays small however many were sent.
      name: 'outbox_unsent_index',
      expression: 'create index "outbox_unsent_index" on "outbox" ("created_at", "seq") where "sent_at" is null',
    },
  ],
});
