import { requirePrincipal, type Principal } from '@gradeline/auth';
import { type EntityManager } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { auditContext, type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';
import { type GradingMetrics } from '../../shared/grading-metrics';
import { type SchemeRepository } from '../schemes/scheme.repository';
import { assertWritable, openCopy, type CopyContext } from './copy-context';
import { type CopyContextCache } from './copy-context-cache';

/** Who writes, from where, under which request: what every audited write needs. */
export interface WriteContext {
  principal: Principal;
  audit: Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;
  correlationId: string;
}

export function writeContextOf(request: FastifyRequest): WriteContext {
  return { principal: requirePrincipal(request), audit: auditContext(request), correlationId: request.id };
}

/** What the grading modules are built from. */
export interface GradingDeps {
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  schemes: SchemeRepository;
  metrics: GradingMetrics;
  /** Copy contexts kept between a writer's writes (copy-context-cache.ts). */
  contexts: CopyContextCache;
}

export interface WriteOutcome<T> {
  result: T;
  /** The audit action (`grading.<verb>`); none for a replay that changed nothing. */
  action?: string;
  /** Ids, versions, codes and points only: never free text a person typed. */
  details?: Record<string, unknown>;
}

export interface WriteOptions {
  /** Refuse finalised, taken-over and not-yet-gradable copies first (default true). */
  writable?: boolean;
  /** This write is grading work: the first one publishes grading.copy.started.v1 (default true). */
  starts?: boolean;
}

/**
 * A state change of a copy (finalise, reopen, take over) in one transaction: lock the grading
 * document, check the caller may write, run `work`, then (same transaction) the started event on
 * the first write and the audit entry. The answer leaves only after the commit, so an
 * acknowledged write survives a crash. Content writes (scores, annotations) take the cheaper
 * single-statement path of copy-statement.ts; the row lock orders both kinds.
 */
export function writeCopy<T>(
  deps: GradingDeps,
  em: EntityManager,
  wc: WriteContext,
  copyId: string,
  work: (tx: EntityManager, ctx: CopyContext) => Promise<WriteOutcome<T>>,
  options: WriteOptions = {},
): Promise<T> {
  return em.transactional(async (tx) => {
    const ctx = await openCopy(tx, wc.principal, copyId, { lock: true });
    if (options.writable ?? true) assertWritable(ctx);
    const versionBefore = ctx.doc.version;
    const outcome = await work(tx, ctx);
    if (outcome.action === undefined) return outcome;
    const now = deps.clock.now();
    if ((options.starts ?? true) && ctx.doc.startedAt === null) {
      ctx.doc.startedAt = now;
      recordStarted(deps, tx, wc, ctx);
    }
    // A take-over changes no content: it leaves the version and updatedAt alone.
    if (ctx.doc.version !== versionBefore) ctx.doc.updatedAt = now;
    deps.audit.record(tx, { ...wc.audit, action: outcome.action, subjectType: 'copy', subjectId: copyId, details: outcome.details ?? {} });
    return outcome;
  }).then((outcome) => {
    if (outcome.action !== undefined) deps.metrics.written(outcome.action);
    return outcome.result;
  });
}

/** The corrector of record: an admin who took the copy over, else the assigned corrector, else the writer. */
export function correctorOf(ctx: CopyContext): string {
  return ctx.doc.takenOverBy ?? ctx.copy.correctorId ?? ctx.principal.userId;
}

/** Records grading.copy.started.v1 of the copy in `em` (the first accepted write's transaction or statement). */
export function recordStarted(deps: GradingDeps, em: EntityManager, wc: WriteContext, ctx: CopyContext): void {
  deps.outbox.record(em, {
    type: 'grading.copy.started.v1',
    tenantId: ctx.doc.tenantId,
    correlationId: wc.correlationId,
    actor: wc.audit.actor,
    data: { copyId: ctx.copy.id, examId: ctx.copy.examId, correctorId: correctorOf(ctx) },
  });
}
