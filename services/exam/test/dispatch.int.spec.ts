import { randomUUID } from 'node:crypto';
import { type AssignedCopyList, type CopyList, type DispatchRunList, type DispatchRunView, type ExamView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import {
  addStaff,
  addStudents,
  as,
  auditOf,
  copyOf,
  createExam,
  moveExam,
  outboxEvents,
  readyCopies,
  rows,
  startExamService,
  type ExamTestService,
  type Headers,
} from './support';

describe('dispatch of copies to correctors', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let owner: Headers;
  let admin: Headers;
  let correctors: string[];

  beforeAll(async () => {
    svc = await startExamService();
    owner = await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId));
    admin = await as(svc, tenantId, 'admin');
    correctors = [await addStaff(svc, tenantId), await addStaff(svc, tenantId), await addStaff(svc, tenantId)];
  });
  afterAll(() => svc.close());

  let classes = 0;
  /** An open exam corrected by the three correctors, with `count` READY copies. */
  async function examWithReadyCopies(count: number): Promise<{ exam: ExamView; copies: string[] }> {
    classes += 1;
    const exam = await createExam(svc, owner, { classNames: [`5D${classes}`], correctorIds: correctors });
    await moveExam(svc, owner, exam.id, 'open');
    const students = await addStudents(svc, tenantId, `5D${classes}`, count);
    return { exam, copies: await readyCopies(svc, tenantId, exam.id, students) };
  }
  const dispatch = (examId: string, payload?: object, headers = owner) => svc.app.inject({ method: 'POST', url: `/exams/${examId}/dispatch`, headers, payload });
  const holders = async (examId: string) =>
    rows<{ corrector_id: string; n: number }>(svc, 'select corrector_id, count(*)::int as n from copy where exam_id = ? and corrector_id is not null group by corrector_id', [examId]);
  const assign = (copyId: string, correctorId: string | null, version?: number) =>
    svc.app.inject({ method: 'POST', url: `/copies/${copyId}/assignment`, headers: { ...admin, ...(version ? { 'if-match': `"${version}"` } : {}) }, payload: { correctorId, reason: 'congé maladie' } });

  it('deals 17 READY copies to 3 correctors within one of each other, in a plan its run id reproduces', async () => {
    const { exam, copies } = await examWithReadyCopies(17);
    const res = await dispatch(exam.id);
    expect(res.statusCode).toBe(201);
    const run = res.json<DispatchRunView>();
    expect(res.headers.location).toBe(`/exams/${exam.id}/dispatches/${run.runId}`);
    expect(run.assignments.map((a) => a.copyId).sort()).toEqual([...copies].sort());
    expect(run.correctors.map((c) => c.after).sort()).toEqual([5, 6, 6]);
    expect((await holders(exam.id)).map((h) => h.n).sort()).toEqual([5, 6, 6]);
    const events = await outboxEvents(svc, 'exam.copy.dispatched.v1', { examId: exam.id });
    expect(events).toHaveLength(17);
    expect(events.every((e) => e.dispatchId === run.runId && correctors.includes(e.correctorId))).toBe(true);
    const again = (await svc.app.inject({ url: `/exams/${exam.id}/dispatches/${run.runId}`, headers: owner })).json<DispatchRunView>();
    expect(again).toEqual({ ...run, reproduced: true });
    expect(run.reproduced).toBe(true);
    // Not in copy order: the shuffle decides who gets which copy.
    expect(run.assignments.map((a) => a.copyId)).not.toEqual([...copies].sort());
    expect((await dispatch(exam.id)).json<DispatchRunView>().assignments).toEqual([]);
    const list = (await svc.app.inject({ url: `/exams/${exam.id}/dispatches`, headers: owner })).json<DispatchRunList>();
    expect(list.items.map((r) => [r.kind, r.assigned]).sort()).toEqual([['dispatch', 0], ['dispatch', 17]]);
    expect((await auditOf(svc, admin, exam.id, 'copies.dispatched')).map((e) => e.details)).toContainEqual({ runId: run.runId, moved: 17, unplaced: 0 });
  });

  it('counts what correctors already hold, and fills quotas as totals, leaving the rest unassigned', async () => {
    const { exam } = await examWithReadyCopies(10);
    const [c1, c2, c3] = correctors as [string, string, string];
    expect((await dispatch(exam.id, { quotas: { [randomUUID()]: 3 } })).json()).toMatchObject({ status: 422, code: 'validation_failed' });
    expect((await dispatch(exam.id, { quotas: {} })).json()).toMatchObject({ status: 422, errors: [{ path: 'body.quotas' }] });
    const run = (await dispatch(exam.id, { quotas: { [c1]: 6, [c2]: 3 } })).json<DispatchRunView>();
    expect(Object.fromEntries(run.correctors.map((c) => [c.correctorId, [c.after, c.quota]]))).toEqual({ [c1]: [6, 6], [c2]: [3, 3], [c3]: [0, 0] });
    expect(run.unplacedCopyIds).toHaveLength(1);
    const late = await readyCopies(svc, tenantId, exam.id, await addStudents(svc, tenantId, exam.classNames[0]!, 2));
    const balanced = (await dispatch(exam.id)).json<DispatchRunView>();
    // c3 held nothing: it gets the three copies without a corrector (the one left over and the two late ones).
    expect(balanced.assignments.map((a) => a.correctorId)).toEqual([c3, c3, c3]);
    expect(balanced.assignments.map((a) => a.copyId)).toEqual(expect.arrayContaining(late));
  });

  it('shows a corrector only their own copies, never the student', async () => {
    const { exam } = await examWithReadyCopies(6);
    await dispatch(exam.id);
    const corrector = await as(svc, tenantId, 'teacher', correctors[0]);
    const mine = (await svc.app.inject({ url: '/copies/assigned?limit=500', headers: corrector })).json<AssignedCopyList>();
    const here = mine.items.filter((c) => c.examId === exam.id);
    expect(here).toHaveLength(2);
    expect(here[0]).toMatchObject({ examName: exam.name, status: 'READY', gradingStarted: false });
    expect(JSON.stringify(mine)).not.toMatch(/studentId|identification/);
    const list = (await svc.app.inject({ url: `/exams/${exam.id}/copies`, headers: corrector })).json<CopyList>();
    expect(list.items.map((c) => c.id).sort()).toEqual(here.map((c) => c.id).sort());
    expect(JSON.stringify(list)).not.toMatch(/studentId|sheetStudentId|identification/);
    const everything = (await svc.app.inject({ url: `/exams/${exam.id}/copies`, headers: owner })).json<CopyList>();
    expect(everything.total).toBe(6);
    expect(everything.items[0]).toHaveProperty('studentId');
  });

  it('never moves a copy with grading work: a rebalance evens out the rest; admins reassign by hand, with events', async () => {
    const { exam } = await examWithReadyCopies(9);
    await dispatch(exam.id);
    const [c1, c2, c3] = correctors as [string, string, string];
    const ofC1 = (await rows<{ id: string }>(svc, 'select id from copy where exam_id = ? and corrector_id = ? order by id', [exam.id, c1])).map((r) => r.id);
    const [working, moved, unassigned] = ofC1 as [string, string, string];
    await svc.publish('grading.copy.started.v1', tenantId, { copyId: working, examId: exam.id, correctorId: c1 });
    await eventually('IN_GRADING', async () => (await copyOf(svc, owner, working)).status === 'IN_GRADING');
    expect((await assign(moved, c2)).json()).toMatchObject({ status: 428 });
    expect((await assign(moved, c2, 99)).json()).toMatchObject({ status: 409, code: 'version_conflict' });
    expect((await assign(moved, randomUUID(), (await copyOf(svc, owner, moved)).version)).json()).toMatchObject({ status: 422, errors: [{ path: 'correctorId' }] });
    const reassigned = await assign(moved, c2, (await copyOf(svc, owner, moved)).version);
    expect(reassigned.json()).toMatchObject({ correctorId: c2, dispatchId: null });
    expect((await assign(unassigned, null, (await copyOf(svc, owner, unassigned)).version)).json()).toMatchObject({ correctorId: null });
    expect(await outboxEvents(svc, 'exam.copy.reassigned.v1', { copyId: moved })).toEqual([
      { copyId: moved, examId: exam.id, fromCorrectorId: c1, toCorrectorId: c2, reason: 'congé maladie' },
    ]);
    expect((await auditOf(svc, admin, moved, 'copy.reassigned'))[0]!.details).toEqual({ examId: exam.id, from: c1, to: c2, gradingStarted: false });
    // c1 holds 1 (in grading), c2 4, c3 3, one unassigned: a rebalance moves one of c2's to c1.
    expect((await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/rebalance`, headers: owner })).statusCode).toBe(403);
    const run = (await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/rebalance`, headers: admin })).json<DispatchRunView>();
    expect(run).toMatchObject({ kind: 'rebalance', reproduced: true });
    expect(run.assignments).toEqual([{ copyId: expect.any(String), fromCorrectorId: c2, correctorId: c1 }]);
    expect(Object.fromEntries((await holders(exam.id)).map((h) => [h.corrector_id, h.n]))).toEqual({ [c1]: 2, [c2]: 3, [c3]: 3 });
    expect(await copyOf(svc, owner, working)).toMatchObject({ correctorId: c1, gradingStarted: true });
    const rebalanced = await outboxEvents(svc, 'exam.copy.reassigned.v1', { copyId: run.assignments[0]!.copyId });
    expect(rebalanced.at(-1)).toMatchObject({ fromCorrectorId: c2, toCorrectorId: c1, reason: 'rebalance' });
    // Explicitly, an admin may still give a copy in grading to someone else: its work goes with it.
    expect((await assign(working, c3, (await copyOf(svc, owner, working)).version)).json()).toMatchObject({ correctorId: c3, status: 'IN_GRADING' });
    expect((await auditOf(svc, admin, working, 'copy.reassigned'))[0]!.details).toMatchObject({ gradingStarted: true });
  });

  it('keeps a graded copy with the corrector who graded it', async () => {
    const { exam, copies } = await examWithReadyCopies(1);
    await dispatch(exam.id);
    await rows(svc, "update copy set status = 'GRADED', grading_started_at = now() where id = ?", [copies[0]]);
    const res = await assign(copies[0]!, correctors[1]!, (await copyOf(svc, owner, copies[0]!)).version);
    expect(res.json()).toMatchObject({ status: 409, code: 'invalid_state', currentStatus: 'GRADED' });
  });
});
