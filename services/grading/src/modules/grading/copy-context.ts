import { type Principal } from '@gradeline/auth';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { columnsOf, mapAliased } from '../../shared/joined-rows';
import { runStatement } from '../../shared/pooled-statement';
import { copyAccess, type CopyAccess } from '../copies/copy-access';
import { GradingCopy } from '../copies/copy.entity';
import { GradingExam } from '../exams/exam.entity';
import { GradingDocumentRecord } from './grading-document.entity';
import { type ScoreState } from './score-rules';

interface ScoreRow {
  n: string;
  p: string | null;
  a: boolean;
  r: string | null;
}

/** A copy opened by a caller who may see it: the read model, its grading document and exam. */
export interface CopyContext {
  copy: GradingCopy;
  doc: GradingDocumentRecord;
  exam: GradingExam | null;
  /** The exam's newest published scheme version (what an open copy is checked against). */
  latestSchemeVersion: number | null;
  /** The copy's scores by node id, read with the document (same snapshot as its version). */
  scores: Map<string, ScoreState>;
  access: CopyAccess;
  principal: Principal;
  /**
   * The row versions (PostgreSQL's `xmin`) of the document, copy and exam rows this context was
   * read from: any change to a row, by any process, gives it a new one (see copy-context-cache.ts).
   */
  revisions: { doc: string; copy: string; exam: string | null };
  /** Kept from an earlier write of this process rather than read for this one. */
  cached?: boolean;
}

/**
 * Loads a copy for a caller, in the caller's school only, in one query. Not found, another
 * school's, or not the caller's to grade: the same 404. With `lock`, the grading document row is
 * locked until the transaction ends, which serialises every write to the copy.
 */
export async function openCopy(em: EntityManager, principal: Principal, copyId: string, options: { lock?: boolean } = {}): Promise<CopyContext> {
  const [row] = options.lock
    ? await em.execute<Array<Record<string, unknown>>>(`${selectSql(em)} for update of d`, [copyId, principal.tenantId])
    : await runStatement<Record<string, unknown>>(em, selectSql(em), [copyId, principal.tenantId]);
  if (!row) throw notFound('copy');
  // Only a locked document is written through the ORM (finalise, reopen, take over); other writes
  // are single statements, so everything else stays a plain object the flush never compares.
  const doc = mapAliased(em, GradingDocumentRecord, row, 'd', { managed: options.lock ?? false })!;
  const copy = mapAliased(em, GradingCopy, row, 'c', { managed: false })!;
  const exam = mapAliased(em, GradingExam, row, 'e', { managed: false });
  const access = copyAccess(principal, { correctorId: copy.correctorId, takenOverBy: doc.takenOverBy, leadTeacherIds: exam?.leadTeacherIds ?? [], ownerId: exam?.ownerId ?? null });
  if (!access) throw notFound('copy');
  const scores = new Map((row['scores'] as ScoreRow[]).map((s) => [s.n, { points: s.p, notAnswered: s.a, remark: s.r }]));
  const revisions = { doc: row['rev_d'] as string, copy: row['rev_c'] as string, exam: (row['rev_e'] as string | null) ?? null };
  return { copy, doc, exam, latestSchemeVersion: (row['latest_scheme_version'] as number | null) ?? null, scores, access, principal, revisions };
}

// Built once per ORM (the column lists come from the entity metadata).
const selectSqlOf = new WeakMap<object, string>();
function selectSql(em: EntityManager): string {
  let sql = selectSqlOf.get(em.getMetadata());
  if (!sql) {
    sql = `select ${columnsOf(em, GradingDocumentRecord, 'd')}, ${columnsOf(em, GradingCopy, 'c')}, ${columnsOf(em, GradingExam, 'e')},
        d."xmin"::text as "rev_d", c."xmin"::text as "rev_c", e."xmin"::text as "rev_e",
        (select max(s."version") from "scheme_version" s where s."tenant_id" = d."tenant_id" and s."exam_id" = d."exam_id") as "latest_scheme_version",
        (select coalesce(json_agg(json_build_object('n', n."node_id", 'p', n."points", 'a', n."not_answered", 'r', n."remark")), '[]')
          from "node_score" n where n."copy_id" = d."copy_id" and n."tenant_id" = d."tenant_id") as "scores"
      from "grading_document" d
      join "copy" c on c."id" = d."copy_id" and c."tenant_id" = d."tenant_id"
      left join "exam" e on e."id" = c."exam_id" and e."tenant_id" = c."tenant_id"
      where d."copy_id" = ? and d."tenant_id" = ?`;
    selectSqlOf.set(em.getMetadata(), sql);
  }
  return sql;
}

// A copy ingestion could not assemble, or not yet complete: nothing to grade on it.
const NOT_GRADABLE = new Set(['STAGING', 'QUARANTINE']);

/** Why a write to the copy is refused (finalised, taken over from the caller, not ready to grade), or null. */
export function writeRefusal(ctx: CopyContext): AppError | null {
  if (ctx.doc.state === 'finalized') {
    return new AppError('copy_finalized', 'the copy is finalised: an admin must reopen it before it changes', {
      extensions: { finalizedVersion: ctx.doc.finalizedVersion, currentVersion: ctx.doc.version },
    });
  }
  if (!ctx.access.canWrite) {
    return new AppError('copy_taken_over', 'an admin took this copy over: your work is kept, but only they can change the grading now');
  }
  if (ctx.copy.status !== null && NOT_GRADABLE.has(ctx.copy.status)) {
    return new AppError('invalid_state', `the copy is ${ctx.copy.status}: it cannot be graded yet`);
  }
  return null;
}

/** Throws `writeRefusal` when there is one. */
export function assertWritable(ctx: CopyContext): void {
  const refused = writeRefusal(ctx);
  if (refused) throw refused;
}
