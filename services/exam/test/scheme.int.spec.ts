import { randomUUID } from 'node:crypto';
import { type SchemeVersionList, type SchemeView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { addStaff, as, createExam, moveExam, outboxEvents, startExamService, type ExamTestService, type Headers } from './support';

const [ex1, q1, q2, ex2, q3] = Array.from({ length: 5 }, () => randomUUID());

/** Exercise 1 (questions 1 and 2) and exercise 2 (question 3): 20 points. */
const tree = () => [
  { id: ex1, parentId: null, label: 'Exercice 1' },
  { id: q1, parentId: ex1, label: 'Question 1', maxPoints: '4.5', step: '0.5' },
  { id: q2, parentId: ex1, label: 'Question 2', maxPoints: '3.25', step: '0.25' },
  { id: ex2, parentId: null, label: 'Exercice 2' },
  { id: q3, parentId: ex2, label: 'Question 3', maxPoints: '12.25', step: '0.25' },
];

describe('marking schemes', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let owner: Headers;
  let corrector: Headers;
  let correctorId: string;

  beforeAll(async () => {
    svc = await startExamService();
    const ownerId = await addStaff(svc, tenantId);
    correctorId = await addStaff(svc, tenantId);
    owner = await as(svc, tenantId, 'teacher', ownerId);
    corrector = await as(svc, tenantId, 'teacher', correctorId);
  });
  afterAll(() => svc.close());

  const put = (examId: string, nodes: object[], version?: number, headers = owner) =>
    svc.app.inject({ method: 'PUT', url: `/exams/${examId}/scheme`, headers: version === undefined ? headers : { ...headers, 'if-match': `"${version}"` }, payload: { nodes } });
  const get = (examId: string, query = '', headers = owner) => svc.app.inject({ url: `/exams/${examId}/scheme${query}`, headers });

  it('starts empty at version 0, then the first save is version 1, published with its exact total', async () => {
    const exam = await createExam(svc, owner, { correctorIds: [correctorId] });
    const empty = await get(exam.id);
    expect(empty.headers.etag).toBe('"0"');
    expect(empty.json()).toMatchObject({ version: 0, nodes: [], total: '0' });
    expect((await put(exam.id, tree())).statusCode).toBe(428);
    const saved = await put(exam.id, tree(), 0);
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.json()).toMatchObject({ version: 1, total: '20', frozen: false, changedNodeIds: [], removedNodeIds: [] });
    expect(saved.json<SchemeView>().nodes.map((n) => [n.id, n.maxPoints, n.step])).toEqual([
      [ex1, '7.75', '0.25'],
      [q1, '4.5', '0.5'],
      [q2, '3.25', '0.25'],
      [ex2, '12.25', '0.25'],
      [q3, '12.25', '0.25'],
    ]);
    const [published] = await outboxEvents(svc, 'exam.scheme.published.v1', { examId: exam.id });
    expect(published).toMatchObject({ version: 1, total: '20', changedNodeIds: [], removedNodeIds: [] });
    expect(published!.nodes).toHaveLength(5);
    expect((await get(exam.id, '', corrector)).json()).toMatchObject({ version: 1 });
    expect((await put(exam.id, tree(), 1, corrector)).statusCode).toBe(403);
  });

  it('refuses a bad tree naming each node, and changes nothing', async () => {
    const exam = await createExam(svc, owner);
    await put(exam.id, tree(), 0);
    const bad = await put(
      exam.id,
      [
        { id: ex1, parentId: null, label: 'Exercice 1', maxPoints: '9' },
        { id: q1, parentId: ex1, label: 'Question 1', maxPoints: '4.75', step: '0.5' },
        { id: q2, parentId: ex1, label: 'Question 2', maxPoints: '3.25', step: '0.25' },
        { id: q2, parentId: null, label: 'Doublon', maxPoints: '1' },
        { parentId: q1, label: 'a', maxPoints: '1' },
      ],
      1,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'scheme_invalid', errors: [{ path: 'nodes[3].id' }] });
    const shape = await put(exam.id, [...tree(), { parentId: null, label: 'Bonus', maxPoints: '1', step: '0.3' }], 1);
    expect(shape.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.nodes.5.step' }] });
    const steps = await put(exam.id, [{ id: ex1, parentId: null, label: 'Exercice 1', maxPoints: '7', step: '1' }, { id: q1, parentId: ex1, label: 'Q', maxPoints: '4.75', step: '0.5' }], 1);
    expect(steps.json()).toMatchObject({
      code: 'scheme_invalid',
      errors: [{ path: 'nodes[1].maxPoints', message: 'must be a multiple of its step 0.5' }],
    });
    const tooDeep = [
      { id: ex1, parentId: null, label: 'E' },
      { id: q1, parentId: ex1, label: 'Q' },
      { id: q2, parentId: q1, label: 'S' },
      { parentId: q2, label: 'Trop profond', maxPoints: '1' },
    ];
    expect((await put(exam.id, tooDeep, 1)).json()).toMatchObject({ errors: [{ path: 'nodes[3].parentId' }] });
    expect((await get(exam.id)).json()).toMatchObject({ version: 1, total: '20' });
    expect(await outboxEvents(svc, 'exam.scheme.published.v1', { examId: exam.id })).toHaveLength(1);
  });

  it('answers a stale If-Match with 409 and the current scheme; saving the same tree again is no new version', async () => {
    const exam = await createExam(svc, owner);
    await put(exam.id, tree(), 0);
    const stale = await put(exam.id, tree(), 0);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 1, current: { version: 1, total: '20' } });
    const same = await put(exam.id, tree(), 1);
    expect(same.json()).toMatchObject({ version: 1 });
    expect(await outboxEvents(svc, 'exam.scheme.published.v1', { examId: exam.id })).toHaveLength(1);
  });

  it('once grading has started, a new version keeps node ids and lists what changed or went since the version graded', async () => {
    const exam = await createExam(svc, owner);
    await put(exam.id, tree(), 0);
    const before = await put(exam.id, tree().map((n) => (n.id === q3 ? { ...n, maxPoints: '12' } : n)), 1);
    expect(before.json()).toMatchObject({ version: 2, total: '19.75', frozen: false, changedNodeIds: [], removedNodeIds: [] });
    await svc.publish('grading.copy.started.v1', tenantId, { copyId: randomUUID(), examId: exam.id, correctorId });
    await eventually('scores to exist', async () => (await svc.app.inject({ url: `/exams/${exam.id}`, headers: owner })).json().scoresExist === true);
    const q4 = randomUUID();
    const edited = [
      { id: ex1, parentId: null, label: 'Exercice 1' },
      { id: q1, parentId: ex1, label: 'Question 1 (reformulée)', maxPoints: '4.5', step: '0.5' },
      { id: ex2, parentId: null, label: 'Exercice 2' },
      { id: q3, parentId: ex2, label: 'Question 3', maxPoints: '12', step: '0.25' },
      { id: q4, parentId: ex2, label: 'Question 4', maxPoints: '2' },
    ];
    const frozen = await put(exam.id, edited, 2);
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json()).toMatchObject({ version: 3, frozen: true, total: '18.5', removedNodeIds: [q2] });
    expect([...frozen.json<SchemeView>().changedNodeIds].sort()).toEqual([ex1, q1, ex2].sort());
    const published = await outboxEvents(svc, 'exam.scheme.published.v1', { examId: exam.id });
    expect(published.map((p) => p.version)).toEqual([1, 2, 3]);
    expect(published[2]).toMatchObject({ removedNodeIds: [q2], changedNodeIds: expect.arrayContaining([ex1, q1, ex2]) });
    expect(published[2]!.nodes.map((n) => n.id)).toEqual([ex1, q1, ex2, q3, q4]);
    expect((await get(exam.id, '?version=1')).json()).toMatchObject({ version: 1, total: '20' });
    expect((await get(exam.id, '?version=9')).statusCode).toBe(404);
    const versions = (await svc.app.inject({ url: `/exams/${exam.id}/scheme/versions`, headers: owner })).json<SchemeVersionList>();
    expect(versions.items.map((v) => [v.version, v.frozen, v.nodeCount])).toEqual([
      [1, false, 5],
      [2, false, 5],
      [3, true, 5],
    ]);
    const audit = await svc.app.inject({ url: `/admin/audit?subjectId=${exam.id}&action=scheme.frozen`, headers: await as(svc, tenantId, 'admin') });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ actor: { kind: 'system' } }] });
  });

  it('keeps the scheme of a closed exam as it is', async () => {
    const exam = await createExam(svc, owner, { correctorIds: [correctorId] });
    await put(exam.id, tree(), 0);
    for (const command of ['open', 'grading', 'close'] as const) await moveExam(svc, owner, exam.id, command);
    expect((await put(exam.id, tree().slice(3), 1)).json()).toMatchObject({ status: 409, currentStatus: 'closed' });
  });
});
