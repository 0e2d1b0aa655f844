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

/**
 * The one handler path (live deliveries and replays): in ONE transaction, insert the inbox row
 * (a duplicate skips the handler), run the handler with a forked EntityManager, run `within`
 * (e.g. marking a dead letter replayed), commit. The trace continues from the message headers.
 */
export function handleEnvelope(d: Delivery, within?: (tx: EntityManager) => Promise<void>): Promise<HandleOutcome> {
  const { envelope } = d;
  const attributes = { 'messaging.system': 'nats', 'messaging.message.id': envelope.id, 'messaging.consumer.group.name': d.consumer };
  return tracer.startActiveSpan(`${envelope.type} process`, { kind: SpanKind.CONSUMER, attributes }, contextFromHeaders(d.headers), async (span) => {
    const spanContext = span.spanContext();
    const traceId = isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
    const logger = d.logger.child({ consumer: d.consumer, messageId: envelope.id, type: envelope.type, tenantId: envelope.tenantId, traceId });
    try {
      return await d.orm.em.fork().transactional(async (tx) => {
        if (!(await inboxInsert(tx, d.consumer, envelope.id))) {
          await within?.(tx);
          return 'duplicate' as const;
        }
        const ctx: HandlerContext = { em: tx, outbox: followUps(tx, d.outbox, envelope), logger, deliveryCount: d.deliveryCount, working: d.working };
        await (d.definition.handler as (e: AnyEnvelope, c: HandlerContext) => Promise<void>)(envelope, ctx);
        await within?.(tx);
        return 'processed' as const;
      });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
