import { parseEnvelope, type AnyEnvelope } from '@gradeline/contracts';
import { type EntityManager, type MikroORM } from '@gradeline/db';
import { isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Logger } from 'pino';
import { type AnyConsumerDefinition, type FollowUpOutbox, type HandlerContext } from './consumer';
import { type Outbox } from './outbox';
import { contextFromHeaders } from './trace-context';

const tracer = trace.getTracer('@gradeline/messaging');

export interface Delivery {
  orm: MikroORM;
  outbox: Outbox;
  definition: AnyConsumerDefinition;
  /** The durable consumer name, the inbox key. */
  consumer: string;
  envelope: AnyEnvelope;
  headers: Record<string, string>;
  logger: Logger;
  deliveryCount: number;
  working(): void;
}

export type HandleOutcome = 'processed' | 'duplicate';

export type ParsedMessage = { ok: true; envelope: AnyEnvelope } | { ok: false; error: string };

/** Parses a message body for a consumer of `type`: JSON, then the envelope contract, then the type. */
export function parseMessage(body: string | unknown, type: string): ParsedMessage {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return { ok: false, error: 'the message is not JSON' };
    }
  }
  const parsed = parseEnvelope(json);
  if (!parsed.ok) return parsed;
  if (parsed.envelope.type !== type) return { ok: false, error: `expected ${type}, got ${parsed.envelope.type}` };
  return parsed;
}

function followUps(em: EntityManager, outbox: Outbox, cause: AnyEnvelope): FollowUpOutbox {
  return {
    record: (input) =>
      outbox.record(em, {
        type: input.type,
        data: input.data,
        tenantId: input.tenantId ?? cause.tenantId,
        actor: input.actor,
        correlationId: cause.correlationId,
        causationId: cause.id,
      }),
  };
}

async function inboxInsert(tx: EntityManager, consumer: string, messageId: string): Promise<boolean> {
  const result = await tx.execute<{ affectedRows: number }>(
    'insert into inbox (consumer, message_id, processed_at) values (?, ?, now()) on conflict do nothing',
    [consumer, messageId],
    'run',
  );
  return result.affectedRows > 0;
}

/** Runs the handler of one delivery in `tx`, continuing the trace from the message headers. */
function runHandler(tx: EntityManager, d: Delivery): Promise<void> {
  const { envelope } = d;
  const attributes = { 'messaging.system': 'nats', 'messaging.message.id': envelope.id, 'messaging.consumer.group.name': d.consumer };
  return tracer.startActiveSpan(`${envelope.type} process`, { kind: SpanKind.CONSUMER, attributes }, contextFromHeaders(d.headers), async (span) => {
    const spanContext = span.spanContext();
    const traceId = isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
    try {
      let logger: Logger | undefined;
      const ctx: HandlerContext = {
        em: tx,
        outbox: followUps(tx, d.outbox, envelope),
        // Built on first use: most handlers log nothing, and a child logger per message is not free.
        get logger() {
          logger ??= d.logger.child({ consumer: d.consumer, messageId: envelope.id, type: envelope.type, tenantId: envelope.tenantId, traceId });
          return logger;
        },
        deliveryCount: d.deliveryCount,
        working: d.working,
      };
      await (d.definition.handler as (e: AnyEnvelope, c: HandlerContext) => Promise<void>)(envelope, ctx);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Applies one delivery inside an open transaction: the inbox row first, so a duplicate skips the handler. */
export async function applyDelivery(tx: EntityManager, d: Delivery): Promise<HandleOutcome> {
  if (!(await inboxInsert(tx, d.consumer, d.envelope.id))) return 'duplicate';
  await runHandler(tx, d);
  return 'processed';
}

/**
 * Applies deliveries of one consumer inside an open transaction: one statement inserts all their
 * inbox rows, then each new message's handler runs, in order (a repeated id runs once).
 */
export async function applyBatch(tx: EntityManager, deliveries: Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const consumer = deliveries[0]!.consumer;
  const values = deliveries.map(() => '(?, ?, now())').join(', ');
  const params = deliveries.flatMap((d) => [consumer, d.envelope.id]);
  const inserted = await tx.execute<Array<{ message_id: string }>>(
    `insert into inbox (consumer, message_id, processed_at) values ${values} on conflict do nothing returning message_id`,
    params,
  );
  const fresh = new Set(inserted.map((r) => r.message_id));
  for (const d of deliveries) {
    if (!fresh.delete(d.envelope.id)) continue;
    await runHandler(tx, d);
  }
}

/**
 * The one handler path of a single message (live deliveries and replays): ONE transaction with
 * the inbox row, the handler's changes and `within` (e.g. marking a dead letter replayed).
 */
export function handleEnvelope(d: Delivery, within?: (tx: EntityManager) => Promise<void>): Promise<HandleOutcome> {
  return d.orm.em.fork().transactional(async (tx) => {
    const outcome = await applyDelivery(tx, d);
    await within?.(tx);
    return outcome;
  });
}
