import { randomUUID } from 'node:crypto';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { runStatement } from '../../shared/pooled-statement';
import { captureRows, insertFrom, type SqlPart } from '../../shared/raw-rows';
import { versionConflict } from '../../shared/versions';
import { assertWritable, openCopy, type CopyContext } from './copy-context';
import { recordStarted, type GradingDeps, type WriteContext } from './copy-writer';
import { buildDocument } from './grading-view';

/** A change to a copy's grading, applied by `commitCopyChange` in one statement. */
export interface CopyChange {
  /** Document writes (scores, comment): the version they were based on; the statement bumps it. */
  baseVersion?: number;
  globalComment?: { value: string | null };
  /** A change to one other row (an annotation), as CTE `p` returning its new "version". */
  subject?: SqlPart;
  /** Rows written when the change applies; their SQL selects `from d` (the document's CTE). */
  writes?: SqlPart[];
  audit: { action: string; details: Record<string, unknown> };
}

export interface CommitResult {
  applied: boolean;
  documentVersion: number | null;
  subjectVersion: number | null;
}

/**
 * Applies a change to a copy in ONE statement, without a transaction held across round trips
 * (the write path's cost was its statements). The statement updates the grading document row
 * only if it is still open, still the caller's to write and, for document writes, still at
 * `baseVersion`; every other part (rows, audit entry) selects from that update, so it all happens
 * or nothing does (on a copy's first write, the started event joins it in one transaction). Updating the row locks it, so
 * these statements and the locked finalise transaction are applied one at a time per copy, and
 * each re-checks the conditions on the row as the previous one left it.
 */
export async function commitCopyChange(deps: GradingDeps, em: EntityManager, wc: WriteContext, ctx: CopyContext, change: CopyChange): Promise<CommitResult> {
  const now = deps.clock.now();
  const writeId = randomUUID();
  const bump = change.baseVersion !== undefined;
  const params: unknown[] = [
    bump ? 1 : 0, change.globalComment !== undefined, change.globalComment?.value ?? null, bump, now, writeId, now,
    ctx.doc.copyId, ctx.doc.tenantId, ctx.access.role !== 'corrector', wc.principal.userId, change.baseVersion ?? null, change.baseVersion ?? null, writeId,
  ];
  const ctes = [
    `"d" as (update "grading_document" set "version" = "version" + ?,
       "global_comment" = case when ? then ? else "global_comment" end,
       "updated_at" = case when ? then ?::timestamptz else "updated_at" end,
       "started_write" = case when "started_at" is null then ?::uuid else "started_write" end,
       "started_at" = coalesce("started_at", ?::timestamptz)
     where "copy_id" = ? and "tenant_id" = ? and "state" = 'open' and (? or "taken_over_by" is null or "taken_over_by" = ?)
       and (?::int is null or "version" = ?::int)
     returning "version", "started_write" = ?::uuid as "first")`,
  ];
  const add = (name: string, part: SqlPart) => {
    ctes.push(`"${name}" as (${part.sql})`);
    params.push(...part.params);
  };
  if (change.subject) add('p', change.subject);
  (change.writes ?? []).forEach((part, i) => add(`w${i}`, part));
  const [audit] = captureRows((e) => deps.audit.record(e, { ...wc.audit, action: change.audit.action, subjectType: 'copy', subjectId: ctx.doc.copyId, details: change.audit.details }));
  add('a', insertFrom(em, audit!, change.subject ? '"p"' : '"d"'));
  const sql = `with ${ctes.join(',\n')} select (select "version" from "d") as "document_version",
    ${change.subject ? '(select "version" from "p")' : 'null'} as "subject_version", (select "first" from "d") as "first"`;
  const row = ctx.doc.startedAt === null ? await firstWrite(deps, em, wc, ctx, sql, params) : (await runStatement<ChangeRow>(em, sql, params))[0];
  const documentVersion = row?.document_version ?? null;
  const subjectVersion = row?.subject_version ?? null;
  const applied = documentVersion !== null && (!change.subject || subjectVersion !== null);
  if (applied) deps.metrics.written(change.audit.action);
  return { applied, documentVersion, subjectVersion };
}

interface ChangeRow {
  document_version: number | null;
  subject_version: number | null;
  first: boolean | null;
}

/**
 * A change to a copy nobody has started yet: the statement, then (same transaction) the
 * grading.copy.started.v1 event if this write is the one that started it. The event goes through
 * the outbox as every other one does, so the relay of this process is woken at the commit; an
 * event inserted by the statement itself waited for the relay's poll (up to a second). Once per
 * copy: later writes stay one autocommit statement.
 */
function firstWrite(deps: GradingDeps, em: EntityManager, wc: WriteContext, ctx: CopyContext, sql: string, params: unknown[]): Promise<ChangeRow | undefined> {
  return em.transactional(async (tx) => {
    const [row] = await runStatement<ChangeRow>(tx, sql, params);
    if (row?.first) recordStarted(deps, tx, wc, ctx);
    return row;
  });
}

/**
 * Why a change did not apply, as the error the caller gets: the copy was finalised or taken over
 * meanwhile, or its document moved on from `baseVersion` (409 with the current document).
 */
export async function refusal(deps: GradingDeps, em: EntityManager, wc: WriteContext, copyId: string, baseVersion?: number): Promise<AppError> {
  const ctx = await openCopy(em, wc.principal, copyId);
  try {
    assertWritable(ctx);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  if (baseVersion !== undefined && ctx.doc.version !== baseVersion) {
    return versionConflict('grading document', await buildDocument(em, deps.schemes, ctx), ctx.doc.version);
  }
  return new AppError('conflict', 'the copy changed while your change was saved: reload it and try again');
}
