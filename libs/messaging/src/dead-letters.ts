import { Pagination } from '@gradeline/contracts';
import { DEAD_LETTER_REASONS, DEAD_LETTER_STATUSES, DeadLetter, type FilterQuery, type MikroORM } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type Logger } from 'pino';
import { z } from 'zod';
import { type AnyConsumerDefinition } from './consumer';
import { classifyFailure } from './failure';
import { handleEnvelope, parseMessage, type HandleOutcome } from './handle-envelope';
import { consumerName } from './naming';
import { Outbox } from './outbox';

/** A dead letter as the admin API shows it. */
export const DeadLetterView = z.object({
  id: z.uuid(),
  consumer: z.string(),
  stream: z.string(),
  streamSeq: z.number().int(),
  subject: z.string(),
  envelope: z.record(z.string(), z.unknown()).nullable(),
  raw: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  reason: z.enum(DEAD_LETTER_REASONS),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  deliveries: z.number().int(),
  firstFailedAt: z.string(),
  status: z.enum(DEAD_LETTER_STATUSES),
  replayedAt: z.string().nullable(),
  replayError: z.string().nullable(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const DeadLetterQuery = Pagination.extend({
  status: z.enum(DEAD_LETTER_STATUSES).optional(),
  consumer: z.string().min(1).optional(),
});
export type DeadLetterQuery = z.input<typeof DeadLetterQuery>;

export const DeadLetterPage = z.object({ items: z.array(DeadLetterView), total: z.number().int() });
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

export const ReplayResult = z.object({ outcome: z.enum(['processed', 'duplicate', 'failed']), deadLetter: DeadLetterView });
export type ReplayResult = z.infer<typeof ReplayResult>;

export interface DeadLettersOptions {
  orm: MikroORM;
  logger: Logger;
  service: string;
  /** The same definitions the service's ConsumerRunner runs: replays go through their handlers. */
  consumers: AnyConsumerDefinition[];
  outbox?: Outbox;
}

function view(d: DeadLetter): DeadLetterView {
  return {
    id: d.id,
    consumer: d.consumer,
    stream: d.stream,
    streamSeq: d.streamSeq,
    subject: d.subject,
    envelope: d.envelope,
    raw: d.raw,
    headers: d.headers,
    reason: d.reason,
    errorCode: d.errorCode,
    errorMessage: d.errorMessage,
    deliveries: d.deliveries,
    firstFailedAt: d.firstFailedAt.toISOString(),
    status: d.status,
    replayedAt: d.replayedAt?.toISOString() ?? null,
    replayError: d.replayError,
  };
}

/** Lists, replays and discards a service's dead letters. */
export class DeadLetters {
  private readonly definitions: Map<string, AnyConsumerDefinition>;
  private readonly outbox: Outbox;

  constructor(private readonly options: DeadLettersOptions) {
    this.definitions = new Map(options.consumers.map((d) => [consumerName(options.service, d.purpose), d]));
    this.outbox = options.outbox ?? new Outbox();
  }

  /** Newest first. */
  async list(query: DeadLetterQuery = {}): Promise<DeadLetterPage> {
    const q = DeadLetterQuery.parse(query);
    const where: FilterQuery<DeadLetter> = {};
    if (q.status) where.status = q.status;
    if (q.consumer) where.consumer = q.consumer;
    const [rows, total] = await this.options.orm.em
      .fork()
      .findAndCount(DeadLetter, where, { limit: q.limit, offset: q.offset, orderBy: { firstFailedAt: 'desc', id: 'asc' } });
    return { items: rows.map(view), total };
  }

  async get(id: string): Promise<DeadLetterView> {
    return view(await this.load(id));
  }

  /**
   * Runs the stored message through its consumer's handler path (inbox + transaction): an effect
   * that already happened is not repeated. Marks it replayed in the same transaction, or keeps
   * it open with the new error.
   */
  async replay(id: string): Promise<ReplayResult> {
    const letter = await this.load(id);
    const definition = this.definitions.get(letter.consumer);
    if (!definition) throw new AppError('invalid_state', `consumer ${letter.consumer} is not run by this service`);
    const parsed = letter.envelope ? parseMessage(letter.envelope, definition.type) : parseMessage(letter.raw ?? '', definition.type);
    let outcome: HandleOutcome;
    try {
      if (!parsed.ok) throw new AppError('validation_failed', parsed.error);
      const delivery = { orm: this.options.orm, outbox: this.outbox, logger: this.options.logger, definition, consumer: letter.consumer };
      outcome = await handleEnvelope(
        { ...delivery, envelope: parsed.envelope, headers: letter.headers, deliveryCount: letter.deliveries + 1, working: () => undefined },
        (tx) => tx.nativeUpdate(DeadLetter, { id }, { status: 'replayed', replayedAt: new Date(), replayError: null }).then(() => undefined),
      );
    } catch (error) {
      const failure = classifyFailure(error);
      this.options.logger.warn({ deadLetterId: id, consumer: letter.consumer, code: failure.code }, 'dead letter replay failed');
      await this.options.orm.em.fork().nativeUpdate(DeadLetter, { id }, { replayError: `${failure.code}: ${failure.message}`.slice(0, 4_000) });
      return { outcome: 'failed', deadLetter: await this.get(id) };
    }
    this.options.logger.info({ deadLetterId: id, consumer: letter.consumer, outcome }, 'dead letter replayed');
    return { outcome, deadLetter: await this.get(id) };
  }

  /** Marks it as dealt with by hand; a replayed one stays replayed. */
  async discard(id: string): Promise<DeadLetterView> {
    const letter = await this.load(id);
    if (letter.status === 'replayed') throw new AppError('invalid_state', 'this dead letter was already replayed');
    await this.options.orm.em.fork().nativeUpdate(DeadLetter, { id }, { status: 'discarded' });
    return this.get(id);
  }

  private async load(id: string): Promise<DeadLetter> {
    if (!z.uuid().safeParse(id).success) throw notFound('dead letter');
    const letter = await this.options.orm.em.fork().findOne(DeadLetter, { id });
    if (!letter) throw notFound('dead letter');
    return letter;
  }
}
