import { randomUUID } from 'node:crypto';
import { type ReleaseResult, type WithdrawResult } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { addCopies, addStaff, addStudents, as, auditOf, copyOf, createExam, moveExam, outboxEvents, readyCopies, rows, startExamService, type ExamTestService } from './support';

describe('results release', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();

  beforeAll(async () => {
    svc = await startExamService();
  });
  afterAll(() => svc.close());

  it('releases graded, identified copies, says what it left out and why, releases late ones on the next call, and withdraws them all', async () => {
    const leadId = await addStaff(svc, tenantId);
    const owner = await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId));
    const lead = await as(svc, tenantId, 'teacher', leadId);
    const admin = await as(svc, tenantId, 'admin');
    const correctorId = await addStaff(svc, tenantId);
    const exam = await createExam(svc, owner, { classNames: ['1S'], leadTeacherIds: [leadId], correctorIds: [correctorId] });
    await moveExam(svc, owner, exam.id, 'open');
    const [a, b, late] = await readyCopies(svc, tenantId, exam.id, await addStudents(svc, tenantId, '1S', 3));
    const [blank, nobodys] = await addCopies(svc, tenantId, exam.id, 2);
    const grade = async (copyId: string) => {
      await svc.publish('grading.copy.started.v1', tenantId, { copyId, examId: exam.id, correctorId });
      await svc.publish('grading.copy.finalized.v1', tenantId, {
        copyId, examId: exam.id, version: 1, schemeVersion: 1, correctorId, scores: [], total: '15', maxTotal: '20', globalComment: null, annotations: [], finalizedAt: new Date().toISOString(),
      });
      await eventually('GRADED', async () => (await copyOf(svc, owner, copyId)).status === 'GRADED');
    };
    await grade(a!);
    await grade(b!);
    await svc.publish('grading.copy.started.v1', tenantId, { copyId: late!, examId: exam.id, correctorId });
    await eventually('IN_GRADING', async () => (await copyOf(svc, owner, late!)).status === 'IN_GRADING');
    await svc.app.inject({ method: 'POST', url: `/copies/${blank}/mark-blank`, headers: owner, payload: { reason: 'absent' } });
    // Graded yet nobody's: the events cannot lead there (a copy is identified before it is dispatched), so the row is set by hand.
    await rows(svc, "update copy set status = 'GRADED' where id = ?", [nobodys]);

    const first = (await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/release`, headers: lead })).json<ReleaseResult>();
    // Copies registered together come in either order: compared as sets.
    const sorted = <T>(values: T[]) => [...values].sort();
    expect(first).toMatchObject({ examId: exam.id, alreadyReleased: 0, releasedAt: expect.any(String) });
    expect(sorted(first.releasedCopyIds)).toEqual(sorted([a, b]));
    expect(sorted(first.leftOut.map((l) => [l.copyId, l.status, l.reason]))).toEqual(
      sorted([
        [late, 'IN_GRADING', 'not_graded'],
        [blank, 'QUARANTINE', 'blank'],
        [nobodys, 'GRADED', 'not_identified'],
      ]),
    );
    expect(await copyOf(svc, owner, a!)).toMatchObject({ status: 'RELEASED', releasedAt: first.releasedAt });
    expect(await outboxEvents(svc, 'exam.results.released.v1', { examId: exam.id })).toEqual([{ examId: exam.id, copyIds: first.releasedCopyIds, releasedAt: first.releasedAt }]);
    expect((await outboxEvents(svc, 'exam.copy.transitioned.v1', { copyId: a! })).at(-1)).toMatchObject({ from: 'GRADED', to: 'RELEASED', reason: 'released' });

    await svc.publish('grading.copy.finalized.v1', tenantId, {
      copyId: late!, examId: exam.id, version: 1, schemeVersion: 1, correctorId, scores: [], total: '8', maxTotal: '20', globalComment: null, annotations: [], finalizedAt: new Date().toISOString(),
    });
    await eventually('GRADED', async () => (await copyOf(svc, owner, late!)).status === 'GRADED');
    const second = (await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/release`, headers: owner })).json<ReleaseResult>();
    expect(second).toMatchObject({ releasedCopyIds: [late], alreadyReleased: 2 });
    expect((await outboxEvents(svc, 'exam.results.released.v1', { examId: exam.id })).map((e) => e.copyIds)).toEqual([first.releasedCopyIds, [late]]);

    const withdrawn = (await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/unrelease`, headers: admin })).json<WithdrawResult>();
    expect(sorted(withdrawn.withdrawnCopyIds)).toEqual(sorted([a, b, late]));
    expect(await copyOf(svc, owner, b!)).toMatchObject({ status: 'GRADED', releasedAt: null, statusReason: 'withdrawn' });
    expect(await outboxEvents(svc, 'exam.results.withdrawn.v1', { examId: exam.id })).toEqual([{ examId: exam.id, copyIds: withdrawn.withdrawnCopyIds }]);
    expect((await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/unrelease`, headers: admin })).json()).toEqual({ examId: exam.id, withdrawnCopyIds: [] });
    expect(await outboxEvents(svc, 'exam.results.withdrawn.v1', { examId: exam.id })).toHaveLength(1);
    expect((await auditOf(svc, admin, exam.id)).map((e) => [e.action, e.details])).toEqual(
      expect.arrayContaining([
        ['results.released', { copies: 2, leftOut: 3 }],
        ['results.released', { copies: 1, leftOut: 2 }],
        ['results.withdrawn', { copies: 3 }],
      ]),
    );
  });
});
