import { randomUUID } from 'node:crypto';
import { type AssignedCopyList, type AssignedCopyQuery, type DispatchRunList, type Pagination, type Quotas } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid, notFound } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertCurrentVersion, requiredVersion } from '../../http/versioning';
import { assertExamNotClosed, loadCopy } from '../copy/copy-access';
import { type Copy } from '../copy/copy.entity';
import { assignedCopyView, copyView } from '../copy/copy.view';
import { assertSchoolAdmin } from '../exam/exam-access';
import { type Exam } from '../exam/exam.entity';
import { type ExamService } from '../exam/exam.service';
import { beforeGrading } from '../identification/identification.rules';
import { recordDispatched, recordReassigned } from './assignment-moves';
import { planRun, type PlanInputs } from './dispatch-plan';
import { dispatchRepository } from './dispatch.repository';
import { DispatchRun } from './dispatch-run.entity';
import { runSummary } from './dispatch.view';

/** Reason of the moves a rebalance makes. */
export const REBALANCE = 'rebalance';

/**
 * Who grades which copy. A dispatch deals every READY copy without a corrector to the exam's
 * correctors (balanced, or by quotas) in an order shuffled from the run's id; a rebalance evens
 * out what correctors hold, moving only copies without grading work; an admin may reassign any
 * copy not yet graded by hand. Runs of one exam take turns (the exam row is locked).
 */
export class DispatchService {
  constructor(private readonly deps: { clock: Clock; exams: ExamService; newId?: () => string }) {}

  async dispatch(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string, quotas: Quotas | null): Promise<DispatchRun> {
    const exam = await this.deps.exams.loadLocked(em, caller, examId, 'manage');
    assertExamNotClosed(exam);
    assertCorrectors(exam);
    if (quotas) assertQuotas(exam, quotas);
    const copies = await dispatchRepository.assignable(em, caller.tenantId, examId);
    const held = Object.fromEntries(exam.correctorIds.map((id) => [id, copies.filter((c) => c.correctorId === id).length]));
    const eligible = copies.filter((c) => c.status === 'READY' && c.correctorId === null && c.gradingStartedAt === null);
    const inputs: PlanInputs = { kind: 'dispatch', copyIds: eligible.map((c) => c.id), correctorIds: exam.correctorIds, held, quotas };
    return this.carryOut(em, changes, caller, exam, inputs, copies, (copy, to, runId, now) => recordDispatched(changes, copy, to, runId, now));
  }

  /** Moves only copies without grading work; copies of people no longer correctors of the exam move first. */
  async rebalance(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string): Promise<DispatchRun> {
    const exam = await this.deps.exams.loadLocked(em, caller, examId, 'manage');
    assertExamNotClosed(exam);
    assertSchoolAdmin(caller.principal, 'rebalance the correctors’ copies');
    assertCorrectors(exam);
    const assigned = (await dispatchRepository.assignable(em, caller.tenantId, examId)).filter((c) => c.correctorId !== null);
    const movable = assigned.filter(beforeGrading);
    const fixed = Object.fromEntries(exam.correctorIds.map((id) => [id, assigned.filter((c) => c.correctorId === id && !beforeGrading(c)).length]));
    const inputs: PlanInputs = { kind: 'rebalance', correctorIds: exam.correctorIds, fixed, movable: movable.map((c) => ({ copyId: c.id, correctorId: c.correctorId as string })) };
    return this.carryOut(em, changes, caller, exam, inputs, assigned, (copy, to, runId, now) => recordReassigned(changes, copy, to, REBALANCE, runId, now));
  }

  /**
   * An admin gives a copy to another corrector of the exam, or takes it from its corrector (null).
   * A copy with grading work keeps it: grading is told (exam.copy.reassigned.v1) and the new
   * corrector continues from there. A graded copy keeps the corrector who graded it.
   */
  async reassign(em: EntityManager, changes: ChangeRecorder, caller: Caller, copyId: string, to: string | null, reason: string, expected: number | null): Promise<Copy> {
    const { copy, exam } = await loadCopy(em, caller, copyId);
    assertSchoolAdmin(caller.principal, 'reassign a copy');
    assertCurrentVersion('copy', requiredVersion(expected), copy.version, () => copyView(copy));
    assertExamNotClosed(exam);
    if (to !== null && !exam.correctorIds.includes(to)) throw invalid('Copies go to correctors of the exam.', [{ path: 'correctorId', message: 'not a corrector of the exam' }]);
    if (copy.status === 'GRADED' || copy.status === 'RELEASED' || copy.blankReason !== null) {
      throw new AppError('invalid_state', `The copy is ${copy.blankReason ? 'set aside as blank' : copy.status}: its corrector no longer changes.`, {
        extensions: { currentStatus: copy.status },
      });
    }
    if (copy.correctorId === to) return copy;
    const from = copy.correctorId;
    recordReassigned(changes, copy, to, reason, null, this.deps.clock.now());
    const details = { examId: copy.examId, from, to, gradingStarted: copy.gradingStartedAt !== null };
    changes.audit({ action: 'copy.reassigned', subjectType: 'copy', subjectId: copy.id, details });
    return copy;
  }

  async run(em: EntityManager, caller: Caller, examId: string, runId: string): Promise<DispatchRun> {
    await this.deps.exams.load(em, caller, examId, 'manage');
    const run = await dispatchRepository.run(em, caller.tenantId, examId, runId);
    if (!run) throw notFound('dispatch run');
    return run;
  }

  async runs(em: EntityManager, caller: Caller, examId: string, page: Pagination): Promise<DispatchRunList> {
    await this.deps.exams.load(em, caller, examId, 'manage');
    const [runs, total] = await dispatchRepository.runs(em, caller.tenantId, examId, page);
    return { items: runs.map(runSummary), total };
  }

  /** The caller's own copies across exams, as correctors see them (never the student). */
  async assigned(em: EntityManager, caller: Caller, query: AssignedCopyQuery): Promise<AssignedCopyList> {
    const { copies, total, examNames } = await dispatchRepository.assignedTo(em, caller.tenantId, caller.userId, query);
    return { items: copies.map((copy) => assignedCopyView(copy, examNames.get(copy.examId) ?? '')), total };
  }

  private carryOut(
    em: EntityManager,
    changes: ChangeRecorder,
    caller: Caller,
    exam: Exam,
    inputs: PlanInputs,
    copies: Copy[],
    apply: (copy: Copy, to: string, runId: string, now: Date) => void,
  ): DispatchRun {
    const runId = (this.deps.newId ?? randomUUID)();
    const plan = planRun(runId, inputs);
    const byId = new Map(copies.map((c) => [c.id, c]));
    const now = this.deps.clock.now();
    for (const { copyId, to } of plan.moves) apply(byId.get(copyId) as Copy, to, runId, now);
    const run = Object.assign(new DispatchRun(), {
      id: runId,
      tenantId: exam.tenantId,
      examId: exam.id,
      kind: inputs.kind,
      quotas: inputs.kind === 'dispatch' ? inputs.quotas : null,
      inputs,
      moves: plan.moves,
      unplacedCopyIds: plan.unplaced,
      createdAt: now,
      createdBy: caller.userId,
    });
    em.persist(run);
    const details = { runId, moved: plan.moves.length, unplaced: plan.unplaced.length };
    changes.audit({ action: inputs.kind === 'dispatch' ? 'copies.dispatched' : 'copies.rebalanced', subjectType: 'exam', subjectId: exam.id, details });
    return run;
  }
}

function assertCorrectors(exam: Exam): void {
  if (exam.correctorIds.length === 0) throw new AppError('no_correctors', 'Choose at least one corrector for the exam first.');
}

function assertQuotas(exam: Exam, quotas: Quotas): void {
  const strangers = Object.keys(quotas).filter((id) => !exam.correctorIds.includes(id));
  if (strangers.length > 0) throw invalid('Quotas name correctors of the exam only.', strangers.map((id) => ({ path: `quotas.${id}`, message: 'not a corrector of the exam' })));
}
