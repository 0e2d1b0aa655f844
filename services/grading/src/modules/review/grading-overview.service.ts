import { type Principal } from '@gradeline/auth';
import { type CopyStatus, type ExamGrading, type GradingCopyPage, type GradingCopyQuery, type GradingCopySummary, type GradingState } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { examAccess } from '../copies/copy-access';
import { GradingExam } from '../exams/exam.entity';
import { type SchemeRepository } from '../schemes/scheme.repository';
import { type SchemeTree } from '../schemes/scheme-tree';
import { openSecondLooksOfExam } from './second-look.repository';

interface CopyRow {
  id: string;
  exam_id: string;
  anonymous_code: string | null;
  status: CopyStatus | null;
  corrector_id: string | null;
  version: number;
  state: GradingState;
  finalized_version: number;
  finalized_scheme_version: number | null;
  taken_over_by: string | null;
  started: boolean;
  total: string;
}

const COPY_COLUMNS = `c."id", c."exam_id", c."anonymous_code", c."status", c."corrector_id", d."version", d."state", d."finalized_version",
  d."finalized_scheme_version", d."taken_over_by", d."started_at" is not null as "started", count(*) over () as "total"`;

/** Lists for people: a corrector's copies, an exam's progress and what needs a second look. */
export class GradingOverviewService {
  constructor(private readonly deps: { schemes: SchemeRepository }) {}

  /** The copies the caller grades (assigned to them, or taken over by them). */
  async myCopies(em: EntityManager, principal: Principal, query: GradingCopyQuery): Promise<GradingCopyPage> {
    const params: unknown[] = [principal.tenantId, principal.userId, principal.userId];
    let where = `c."tenant_id" = ? and (c."corrector_id" = ? or d."taken_over_by" = ?)`;
    if (query.examId) {
      where += ` and c."exam_id" = ?`;
      params.push(query.examId);
    }
    if (query.state) {
      where += ` and d."state" = ?`;
      params.push(query.state);
    }
    const rows = await em.execute<CopyRow[]>(
      `select ${COPY_COLUMNS} from "copy" c join "grading_document" d on d."copy_id" = c."id" where ${where}
       order by c."exam_id", c."anonymous_code" nulls last, c."id" limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { items: await this.summaries(em, principal.tenantId, rows), total: Number(rows[0]?.total ?? 0) };
  }

  /** Every copy of the exam with its progress (leads and admins of the exam only; others get 404). */
  async exam(em: EntityManager, principal: Principal, examId: string): Promise<ExamGrading> {
    const exam = await em.findOne(GradingExam, { id: examId, tenantId: principal.tenantId });
    const role = exam ? examAccess(principal, exam) : null;
    if (role !== 'admin' && role !== 'lead') throw notFound('exam');
    const rows = await em.execute<CopyRow[]>(
      `select ${COPY_COLUMNS} from "copy" c join "grading_document" d on d."copy_id" = c."id"
       where c."tenant_id" = ? and c."exam_id" = ? order by c."anonymous_code" nulls last, c."id"`,
      [principal.tenantId, examId],
    );
    const copies = await this.summaries(em, principal.tenantId, rows);
    const codes = new Map(rows.map((r) => [r.id, { anonymousCode: r.anonymous_code, state: r.state }]));
    const looks = await openSecondLooksOfExam(em, principal.tenantId, examId);
    return {
      examId,
      schemeVersion: await this.deps.schemes.latestVersion(em, principal.tenantId, examId),
      counts: { copies: rows.length, started: rows.filter((r) => r.started).length, finalized: rows.filter((r) => r.state === 'finalized').length },
      copies,
      secondLook: looks.map((l) => ({
        copyId: l.copyId, anonymousCode: codes.get(l.copyId)?.anonymousCode ?? null, state: codes.get(l.copyId)?.state ?? 'open',
        schemeVersion: l.schemeVersion, nodeIds: l.nodeIds, raisedAt: l.raisedAt.toISOString(),
      })),
    };
  }

  /** Progress = scored leaves of the scheme the copy is checked against, out of its leaves. */
  private async summaries(em: EntityManager, tenantId: string, rows: CopyRow[]): Promise<GradingCopySummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id).join(',');
    const scored = await em.execute<Array<{ copy_id: string; node_id: string }>>(
      `select "copy_id", "node_id" from "node_score" where "tenant_id" = ? and "copy_id" = any(string_to_array(?, ',')::uuid[]) and ("points" is not null or "not_answered")`,
      [tenantId, ids],
    );
    const looks = await em.execute<Array<{ copy_id: string }>>(
      `select distinct "copy_id" from "second_look" where "tenant_id" = ? and "copy_id" = any(string_to_array(?, ',')::uuid[]) and "resolved_at" is null`,
      [tenantId, ids],
    );
    const flagged = new Set(looks.map((l) => l.copy_id));
    const nodesByCopy = new Map<string, Set<string>>();
    for (const s of scored) nodesByCopy.set(s.copy_id, (nodesByCopy.get(s.copy_id) ?? new Set()).add(s.node_id));
    const latest = new Map<string, SchemeTree | null>();
    const out: GradingCopySummary[] = [];
    for (const r of rows) {
      if (!latest.has(r.exam_id)) latest.set(r.exam_id, await this.deps.schemes.latest(em, tenantId, r.exam_id));
      const tree = r.state === 'finalized' && r.finalized_scheme_version !== null
        ? await this.deps.schemes.get(em, tenantId, r.exam_id, r.finalized_scheme_version)
        : latest.get(r.exam_id)!;
      const leaves = tree?.leaves() ?? [];
      const done = nodesByCopy.get(r.id) ?? new Set<string>();
      out.push({
        copyId: r.id, examId: r.exam_id, anonymousCode: r.anonymous_code, copyStatus: r.status, state: r.state, version: r.version,
        finalizedVersion: r.finalized_version, progress: { scored: leaves.filter((l) => done.has(l.id)).length, leaves: leaves.length },
        correctorId: r.corrector_id, takenOverBy: r.taken_over_by, secondLook: flagged.has(r.id),
      });
    }
    return out;
  }
}
