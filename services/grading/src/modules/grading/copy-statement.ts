import { randomUUID } from 'node:crypto';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { runStatement } from '../../shared/pooled-statement';
import { captureRows, insertFrom, type SqlPart } from '../../shared/raw-rows';
import { versionConflict } from '../../shared/versions';
import { assertWritable, openCopy, writeRefusal, type CopyContext } from './copy-context';
import { StaleContext } from './copy-context-cache';
import { recordStarted, type GradingDeps, type WriteContext } from './copy-writer';
import { buildDocument } from './grading-view';
import { type ScoreState } from './score-rules';

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
  /** The scores the writes set, for the context kept after the write (copy-context-cache.ts). */
  scores?: ReadonlyArray<{ nodeId: string; state: ScoreState }>;
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
  const kept = ctx.cached === true;
  if (kept) params.splice(params.length - 1, 0, ...keptGuardParams(ctx));
  const ctes = [
    `"d" as (update "grading_document" set "version" = "version" + ?,
       "global_comment" = case when ? then ? else "global_comment" end,
       "updated_at" = case when ? then ?::timestamptz else "updated_at" end,
       "started_write" = case when "started_at" is null then ?::uuid else "started_write" end,
       "started_at" = coalesce("started_at", ?::timestamptz)
     where "copy_id" = ? and "tenant_id" = ? and "state" = 'open' and (? or "taken_over_by" is null or "taken_over_by" = ?)
       and (?::int is null or "version" = ?::int)${kept ? KEPT_GUARD : ''}
     returning "version", "xmin"::text as "revision", "started_write" = ?::uuid as "first")`,
  ];
  const add = (name: string, part: SqlPart) => {
    ctes.push(`"${name}" as (${part.sql})`);
    params.push(...part.params);
  };
  if (change.subject) add('p', change.subject);
  (change.writes ?? []).forEach((part, i) => add(`w${i}`, part));
  const [audit] = captureRows((e) => deps.audit.record(e, { ...wc.audit, action: change.audit.action, subjectType: 'copy', subjectId: ctx.doc.copyId, details: change.audit.details }));
  add('a', insertFrom(em, audit!, change.subject ? '"p"' : '"d"'));
  const sql = `with ${ctes.join(',\n')} select (select "version" from "d") as "document_version", (select "revision" from "d") as "document_revision",
    ${change.subject ? '(select "version" from "p")' : 'null'} as "subject_version", (select "first" from "d") as "first"`;
  const row = ctx.doc.startedAt === null ? await firstWrite(deps, em, wc, ctx, sql, params) : (await runStatement<ChangeRow>(em, sql, params))[0];
  const documentVersion = row?.document_version ?? null;
  const subjectVersion = row?.subject_version ?? null;
  if (documentVersion === null && kept) {
    deps.contexts.forget(wc.principal, ctx.doc.copyId);
    throw new StaleContext();
  }
  const applied = documentVersion !== null && (!change.subject || subjectVersion !== null);
  if (documentVersion !== null) {
    deps.contexts.advance(ctx, { revision: row!.document_revision!, version: documentVersion, at: now, bumped: bump, scores: change.scores, globalComment: change.globalComment });
  }
  if (applied) deps.metrics.written(change.audit.action);
  return { applied, documentVersion, subjectVersion };
}

/**
 * What a write on a kept context also requires (copy-context-cache.ts): the document, copy and
 * exam rows unchanged since the context was read, and no newer scheme version. The document's
 * own conditions above (open, not taken over, at the base version) are checked on every write.
 */
const KEPT_GUARD = `
       and "xmin"::text = ?
       and exists (select 1 from "copy" c where c."id" = "grading_document"."copy_id" and c."tenant_id" = "grading_document"."tenant_id" and c."xmin"::text = ?)
       and exists (select 1 from "exam" e where e."id" = ? and e."tenant_id" = "grading_document"."tenant_id" and e."xmin"::text = ?)
       and (select max(s."version") from "scheme_version" s where s."tenant_id" = "grading_document"."tenant_id" and s."exam_id" = ?) is not distinct from ?::int`;

function keptGuardParams(ctx: CopyContext): unknown[] {
  return [ctx.revisions.doc, ctx.revisions.copy, ctx.copy.examId, ctx.revisions.exam, ctx.copy.examId, ctx.latestSchemeVersion];
}

/**
 * Runs a content write (scores, comment, annotations) on the copy's context: the one this process
 * kept from the caller's previous write on the copy, without reading it again, when there is one
 * and `usable` accepts it; else one read now. A write refused on a kept context (its statement did
 * not apply, or a check failed on facts that may have changed since) runs again on a fresh read,
 * which gives the answer the write deserves.
 */
export async function onWritableCopy<T>(
  deps: GradingDeps,
  em: EntityManager,
  wc: WriteContext,
  copyId: string,
  work: (ctx: CopyContext) => Promise<T>,
  usable: (ctx: CopyContext) => boolean = () => true,
): Promise<T> {
  const kept = deps.contexts.get(wc.principal, copyId);
  if (kept && usable(kept)) {
    try {
      const result = await work(kept);
      deps.metrics.context('kept');
      return result;
    } catch (error) {
      if (!(error instanceof StaleContext || error instanceof AppError)) throw error;
      deps.contexts.forget(wc.principal, copyId);
      deps.metrics.context('stale');
    }
  }
  deps.metrics.context('read');
  const ctx = await openCopy(em, wc.principal, copyId);
  assertWritable(ctx);
  deps.contexts.keep(ctx);
  return work(ctx);
}

interface ChangeRow {
  document_version: number | null;
  document_revision: string | null;
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
  const refused = writeRefusal(ctx);
  if (refused) return refused;
  if (baseVersion !== undefined && ctx.doc.version !== baseVersion) {
    return versionConflict('grading document', await buildDocument(em, deps.schemes, ctx), ctx.doc.version);
  }
  return new AppError('conflict', 'the copy changed while your change was saved: reload it and try again');
}
