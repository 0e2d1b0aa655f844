import { randomUUID } from 'node:crypto';
import { type CopyFinalizedV1, type ExamView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { addStaff, addStudents, as, auditOf, copyOf, createExam, moveExam, outboxEvents, readyCopies, rows, startExamService, type ExamTestService, type Headers } from './support';

describe('grading’s events on the copies registry', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let owner: Headers;
  let admin: Headers;
  let correctorId: string;
  let exam: ExamView;

  beforeAll(async () => {
    svc = await startExamService();
    owner = await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId));
    admin = await as(svc, tenantId, 'admin');
    correctorId = await addStaff(svc, tenantId);
    exam = await createExam(svc, owner, { classNames: ['2A'], correctorIds: [correctorId] });
    await moveExam(svc, owner, exam.id, 'open');
  });
  afterAll(() => svc.close());

  const oneReadyCopy = async () => (await readyCopies(svc, tenantId, exam.id, await addStudents(svc, tenantId, '2A', 1)))[0]!;
  const finalized = (copyId: string, version: number, total: string): CopyFinalizedV1 => ({
    copyId, examId: exam.id, version, schemeVersion: 1, correctorId, scores: [], total, maxTotal: '20', globalComment: null, annotations: [], finalizedAt: new Date().toISOString(),
  });
  const moves = async (copyId: string) => (await outboxEvents(svc, 'exam.copy.transitioned.v1', { copyId })).slice(2).map((t) => [t.from, t.to, t.reason]);
  const statusIs = (copyId: string, status: string) => eventually(status, async () => (await copyOf(svc, owner, copyId)).status === status);

  it('follows a copy from started to graded, reopened and graded again, keeping the newest total and version', async () => {
    const copyId = await oneReadyCopy();
    await svc.publish('grading.copy.started.v1', tenantId, { copyId, examId: exam.id, correctorId });
    await statusIs(copyId, 'IN_GRADING');
    expect((await svc.app.inject({ url: `/exams/${exam.id}`, headers: owner })).json()).toMatchObject({ scoresExist: true });
    await svc.publish('grading.copy.finalized.v1', tenantId, finalized(copyId, 1, '12.5'));
    await statusIs(copyId, 'GRADED');
    expect(await copyOf(svc, owner, copyId)).toMatchObject({ gradingStarted: true, result: { version: 1, total: '12.5', maxTotal: '20' } });
    await svc.publish('grading.copy.reopened.v1', tenantId, { copyId, examId: exam.id, reason: 'barème corrigé', version: 1 });
    await statusIs(copyId, 'REOPENED');
    await svc.publish('grading.copy.finalized.v1', tenantId, finalized(copyId, 2, '14'));
    await eventually('version 2', async () => (await copyOf(svc, owner, copyId)).result?.version === 2);
    // A late copy of version 1 changes nothing.
    const stale = await svc.publish('grading.copy.finalized.v1', tenantId, finalized(copyId, 1, '3'));
    await eventually('the stale event handled', async () => (await rows(svc, 'select 1 from inbox where message_id = ?', [stale])).length === 1);
    expect(await copyOf(svc, owner, copyId)).toMatchObject({ status: 'GRADED', result: { version: 2, total: '14' }, statusReason: 'finalized' });
    expect(await moves(copyId)).toEqual([
      ['READY', 'IN_GRADING', 'grading_started'],
      ['IN_GRADING', 'GRADED', 'finalized'],
      ['GRADED', 'REOPENED', 'barème corrigé'],
      ['REOPENED', 'GRADED', 'finalized'],
    ]);
    const audit = await auditOf(svc, admin, copyId);
    expect(audit.filter((e) => e.action === 'copy.transitioned' && e.actor.kind === 'system')).toHaveLength(6);
    expect(audit.filter((e) => e.action === 'copy.graded').map((e) => e.details)).toEqual(expect.arrayContaining([{ examId: exam.id, version: 1, schemeVersion: 1 }]));
    expect(JSON.stringify(audit)).not.toContain('barème');
  });

  it('reaches the same status when the finalised event overtakes the started one', async () => {
    const copyId = await oneReadyCopy();
    await svc.publish('grading.copy.finalized.v1', tenantId, finalized(copyId, 1, '9'));
    await statusIs(copyId, 'GRADED');
    const started = await svc.publish('grading.copy.started.v1', tenantId, { copyId, examId: exam.id, correctorId });
    await eventually('the started event handled', async () => (await rows(svc, 'select 1 from inbox where message_id = ?', [started])).length === 1);
    expect(await moves(copyId)).toEqual([
      ['READY', 'IN_GRADING', 'grading_started'],
      ['IN_GRADING', 'GRADED', 'finalized'],
    ]);
  });

  it('stays reopened when the reopening overtakes the finalisation it reopens', async () => {
    const copyId = await oneReadyCopy();
    await svc.publish('grading.copy.reopened.v1', tenantId, { copyId, examId: exam.id, reason: 'erreur de report', version: 1 });
    await statusIs(copyId, 'REOPENED');
    const late = await svc.publish('grading.copy.finalized.v1', tenantId, finalized(copyId, 1, '11'));
    await eventually('the finalisation handled', async () => (await rows(svc, 'select 1 from inbox where message_id = ?', [late])).length === 1);
    expect(await copyOf(svc, owner, copyId)).toMatchObject({ status: 'REOPENED', result: { version: 1, total: '11' } });
  });

  it('skips grading events of copies it does not have, and still freezes the scheme', async () => {
    const other = await createExam(svc, owner, { classNames: ['2A'] });
    await svc.publish('grading.copy.finalized.v1', tenantId, { ...finalized(randomUUID(), 1, '5'), examId: other.id });
    await eventually('scores noted', async () => (await svc.app.inject({ url: `/exams/${other.id}`, headers: owner })).json().scoresExist === true);
    expect((await svc.deadLetters.list({})).total).toBe(0);
  });
});
