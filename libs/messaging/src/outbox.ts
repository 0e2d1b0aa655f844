import { randomUUID } from 'node:crypto';
import { parseEnvelope, type Actor, type Envelope, type EventData, type EventType } from '@gradeline/contracts';
import { OutboxMessage, persistOutboxRow, type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { currentTraceHeaders } from './trace-context';

export interface OutboxRecord<T extends EventType> {
  type: T;
  tenantId: string;
  data: EventData<T>;
  /** The request id (or the correlation id of the message being handled). */
  correlationId: string;
  /** The id of the event that caused this one, if any. */
  causationId?: string | null;
  actor?: Actor;
}

export interface OutboxOptions {
  clock?: () => Date;
  newId?: () => string;
}

/**
 * Where business code writes events. Nothing is published here: the row commits (or not) with
 * the caller's transaction, and the OutboxRelay publishes it afterwards.
 */
export class Outbox {
  private readonly clock: () => Date;
  private readonly newId: () => string;

  constructor(options: OutboxOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /**
   * Validates the payload against the catalogue, builds the envelope and adds an outbox row to
   * `em`: written by the caller's transaction (at its commit), or by its next flush outside one. Throws AppError `internal` when the payload
   * does not fit: that is a bug in the producing service, not a client mistake.
   */
  record<T extends EventType>(em: EntityManager, input: OutboxRecord<T>): Envelope<T> {
    const now = this.clock();
    const draft = {
      id: this.newId(),
      type: input.type,
      tenantId: input.tenantId,
      occurredAt: now.toISOString(),
      correlationId: input.correlationId,
      causationId: input.causationId ?? null,
      ...(input.actor ? { actor: input.actor } : {}),
      data: input.data,
    };
    const parsed = parseEnvelope(draft);
    if (!parsed.ok) throw new AppError('internal', `event ${input.type} does not fit the catalogue: ${parsed.error}`);
    const envelope = parsed.envelope as Envelope<T>;
    const row = new OutboxMessage();
    row.id = envelope.id;
    row.type = envelope.type;
    row.tenantId = envelope.tenantId;
    row.payload = envelope as unknown as Record<string, unknown>;
    row.headers = currentTraceHeaders();
    row.createdAt = now;
    persistOutboxRow(em, row);
    return envelope;
  }
}
