import { type Actor, type EventData, type EventType } from '@gradeline/contracts';
import { OptimisticLockError } from '@mikro-orm/core';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type HandlerContext, type Outbox } from '@gradeline/messaging';
import { type AuditLog } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';
import { callerOf, type Caller } from './caller';

export interface AuditNote {
  /** `<area>.<verb>`, e.g. `copy.transitioned`. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** Ids and codes only. */
  details?: Record<string, unknown>;
  /** `failure` for something refused or left undone (default `success`). */
  outcome?: 'success' | 'failure';
}

/**
 * Where a change writes what others must know: its events (outbox) and its audit entries, both in
 * the change's own transaction, under one actor (a person, or the system for automatic moves).
 */
export interface ChangeRecorder {
  readonly tenantId: string;
  readonly actor: Actor;
  event<T extends EventType>(type: T, data: EventData<T>): void;
  audit(note: AuditNote): void;
}

/** Changes made by a person through an HTTP request. */
export function requestRecorder(em: EntityManager, deps: { outbox: Outbox; audit: AuditLog }, caller: Caller): ChangeRecorder {
  return {
    tenantId: caller.tenantId,
    actor: caller.actor,
    event: (type, data) =>
      void deps.outbox.record(em, { type, data, tenantId: caller.tenantId, correlationId: caller.correlationId, actor: caller.actor }),
    audit: (note) => void deps.audit.record(em, { ...caller.audit, ...note }),
  };
}

/** Automatic changes made while handling an event (causation and correlation follow the event). */
export function consumerRecorder(ctx: HandlerContext, audit: AuditLog, tenantId: string, system: string): ChangeRecorder {
  const actor: Actor = { kind: 'system', name: system };
  return {
    tenantId,
    actor,
    event: (type, data) => void ctx.outbox.record({ type, data, tenantId, actor }),
    audit: (note) => void audit.record(ctx.em, { tenantId, actor, ...note }),
  };
}

/**
 * Runs a change in one transaction. A concurrent writer that committed first (the row's version
 * moved between our read and our write) is a 409, like a stale If-Match.
 */
export async function inTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await em.transactional(work);
  } catch (error) {
    if (error instanceof OptimisticLockError) {
      throw new AppError('version_conflict', 'Someone else changed this at the same time: read it again.');
    }
    throw error;
  }
}

/** A person's change through an HTTP request: one transaction, their recorder, their identity. */
export function inRequestTransaction<T>(
  request: FastifyRequest,
  deps: { outbox: Outbox; audit: AuditLog },
  work: (em: EntityManager, changes: ChangeRecorder, caller: Caller) => Promise<T>,
): Promise<T> {
  const caller = callerOf(request);
  return inTransaction(request.em, (em) => work(em, requestRecorder(em, deps, caller), caller));
}
