import { EntitySchema } from '@mikro-orm/core';

/** A message a consumer has processed; its presence makes a redelivery a no-op. */
export class InboxMessage {
  /** The durable consumer name (`<service>--<purpose>`). */
  consumer!: string;
  /** The envelope id. */
  messageId!: string;
  processedAt: Date = new Date();
}

export const inboxMessageEntity = new EntitySchema<InboxMessage>({
  class: InboxMessage,
  tableName: 'inbox',
  properties: {
    consumer: { type: 'text', primary: true },
    messageId: { type: 'uuid', primary: true },
    processedAt: { type: 'datetime' },
  },
  // The consumer runner prunes rows past their retention by this column.
  indexes: [{ name: 'inbox_processed_at_index', properties: ['processedAt'] }],
});
