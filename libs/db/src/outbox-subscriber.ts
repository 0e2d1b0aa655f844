import { type EntityManager, type EventSubscriber, type FlushEventArgs, type MikroORM, type TransactionEventArgs } from '@mikro-orm/core';
import { OutboxMessage } from './outbox-message.entity';

/** A knex transaction; a nested one (a savepoint) points at its parent. */
interface Transaction {
  parentTransaction?: Transaction;
}

function rootOf(trx: Transaction): Transaction {
  let root = trx;
  while (root.parentTransaction) root = root.parentTransaction;
  return root;
}

const COLUMNS = '(id, type, tenant_id, payload, headers, created_at)';

/**
 * Writes outbox rows and tells this process's relay when they have committed.
 *
 * Writing: a row recorded inside a (root) transaction is inserted by one plain multi-row INSERT
 * just before that transaction commits, instead of going through the unit of work: an entity type
 * more in a flush cost the producer about as much CPU as its whole business change. It commits or
 * rolls back with the transaction like any flushed row. Rows recorded outside a transaction, or in
 * a nested one (a savepoint that may roll back alone), are persisted as entities.
 *
 * Waking: the relay runs in the process that writes the rows, so the signal is in-process. A
 * NOTIFY per commit took PostgreSQL's database-wide notify lock at every such commit (they ran one
 * at a time) and woke a listening backend and connection each. Rows committed by another process
 * (a script, a replica that died before publishing) are found by the relay's poll.
 */
export class OutboxSubscriber implements EventSubscriber {
  private readonly listeners = new Set<() => void>();
  /** Rows waiting for the commit of their root transaction. */
  private readonly queued = new WeakMap<Transaction, OutboxMessage[]>();
  /** Root transactions that wrote outbox rows and have not committed yet. */
  private readonly pending = new WeakSet<Transaction>();

  /** Calls `listener` after each commit that included outbox rows; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues `row` for the commit of `em`'s transaction; false when `em` is not in a root transaction. */
  queue(em: EntityManager, row: OutboxMessage): boolean {
    const trx = em.getTransactionContext() as Transaction | undefined;
    if (!trx || trx.parentTransaction || !em.isInTransaction()) return false;
    const rows = this.queued.get(trx);
    if (rows) rows.push(row);
    else this.queued.set(trx, [row]);
    return true;
  }

  async beforeTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    const trx = transaction as Transaction | undefined;
    const rows = trx && this.queued.get(trx);
    if (!rows) return;
    this.queued.delete(trx);
    const values = rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    const params = rows.flatMap((r) => [r.id, r.type, r.tenantId, JSON.stringify(r.payload), JSON.stringify(r.headers), r.createdAt]);
    await em.getConnection('write').execute(`insert into outbox ${COLUMNS} values ${values}`, params, 'run', transaction);
    this.pending.add(trx);
  }

  afterFlush({ em, uow }: FlushEventArgs): void {
    if (!uow.getChangeSets().some((cs) => cs.type === 'create' && cs.entity instanceof OutboxMessage)) return;
    const trx = em.getTransactionContext() as Transaction | undefined;
    // Outside a transaction the flush ran (and committed) its own.
    if (!em.isInTransaction() || !trx) this.fire();
    else this.pending.add(rootOf(trx));
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    const trx = transaction as Transaction | undefined;
    if (!trx || !this.pending.has(trx)) return;
    this.pending.delete(trx);
    this.fire();
  }

  private fire(): void {
    for (const listener of this.listeners) listener();
  }
}

const subscribers = new WeakMap<object, OutboxSubscriber | null>();

function subscriberOf(em: EntityManager): OutboxSubscriber | undefined {
  // A unit test's fake EntityManager has no event manager: its rows are persisted.
  if (typeof em.getEventManager !== 'function') return undefined;
  const events = em.getEventManager();
  let found = subscribers.get(events);
  if (found === undefined) {
    found = [...events.getSubscribers()].find((s): s is OutboxSubscriber => s instanceof OutboxSubscriber) ?? null;
    subscribers.set(events, found);
  }
  return found ?? undefined;
}

/** Adds an outbox row to `em`'s unit of work: written at the commit of its transaction (see OutboxSubscriber). */
export function persistOutboxRow(em: EntityManager, row: OutboxMessage): void {
  if (!subscriberOf(em)?.queue(em, row)) em.persist(row);
}

/**
 * Subscribes to commits of outbox rows made through `orm` (an ORM built by createOrm); returns the
 * unsubscribe, or undefined when the ORM has no OutboxSubscriber (then only polling finds new rows).
 */
export function onOutboxCommit(orm: MikroORM, listener: () => void): (() => void) | undefined {
  return subscriberOf(orm.em)?.subscribe(listener);
}
