// A writer's copy context is kept between their writes (no read per write); whatever changes the
// copy, its exam or its scheme in between must still decide the next write as a fresh read would.
import { type AuditPage, DEFAULT_HEADER_REGION } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { ids, node, sampleNodes } from './fixtures/scheme';
import { addCopy, ifMatch, publishScheme, startWorld, type Headers, type Svc, type World } from './support/world';

describe('copy contexts kept between writes', () => {
  let svc: Svc;
  let world: World;

  beforeAll(async () => ({ svc, world } = await startWorld()));
  afterAll(() => svc.close());

  /** How many content writes found their context in each way so far (grading_copy_contexts_total). */
  const contexts = async (): Promise<Record<'kept' | 'read' | 'stale', number>> => {
    const text = (await svc.app.inject({ url: '/metrics' })).body;
    const count = (source: string) => Number(new RegExp(`grading_copy_contexts_total\\{source="${source}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { kept: count('kept'), read: count('read'), stale: count('stale') };
  };
  const score = (copyId: string, nodeId: string, points: string, version: number, headers: Headers = world.as.corrector) =>
    svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${nodeId}`, headers: { ...headers, ...ifMatch(version) }, payload: { points } });
  const doc = async (copyId: string) =>
    (await svc.app.inject({ url: `/copies/${copyId}/grading`, headers: world.as.admin })).json<{ version: number; globalComment: string | null; scores: Array<{ nodeId: string; points: string | null }>; annotations: unknown[] }>();
  const copyRow = async (copyId: string) =>
    (await svc.deps.orm.em.fork().execute<Array<{ status: string; corrector_id: string | null }>>('select status, corrector_id from copy where id = ?', [copyId]))[0];

  it('serves a writer\'s later writes from the kept context, and they land exactly as fresh ones would', async () => {
    const copyId = await addCopy(svc, world);
    const before = await contexts();
    expect((await score(copyId, ids.q1a, '1', 1)).statusCode).toBe(200);
    const tick = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/annotations`, headers: world.as.corrector, payload: { kind: 'tick', page: 1, x: 0.4, y: 0.5 } });
    expect(tick.statusCode).toBe(201);
    expect((await score(copyId, ids.q1a, '1.5', 2)).statusCode).toBe(200);
    const comment = await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/comment`, headers: { ...world.as.corrector, ...ifMatch(3) }, payload: { comment: 'Soigné' } });
    expect(comment.statusCode).toBe(200);
    const patch = await svc.app.inject({ method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(4) }, payload: { scores: [{ nodeId: ids.q2, points: '3' }] } });
    expect(patch.json()).toMatchObject({ version: 5, globalComment: 'Soigné' });

    const after = await contexts();
    expect(after.read - before.read).toBe(1);
    expect(after.kept - before.kept).toBe(4);
    const now = await doc(copyId);
    expect(now).toMatchObject({ version: 5, globalComment: 'Soigné' });
    expect(now.annotations).toHaveLength(1);
    expect(Object.fromEntries(now.scores.map((s) => [s.nodeId, s.points]))).toEqual({ [ids.q1a]: '1.5', [ids.q2]: '3' });
    // The second score on 1a was checked against the first one's result, which only the kept context held.
    const history = (await svc.app.inject({ url: `/copies/${copyId}/history?limit=50`, headers: world.as.admin })).json<AuditPage>();
    const changes = history.items.filter((e) => e.action === 'grading.scores_changed').flatMap((e) => (e.details as { changes: Array<{ nodeId: string; from: unknown; to: unknown }> }).changes);
    expect(changes.filter((c) => c.nodeId === ids.q1a).map((c) => [c.from, c.to])).toEqual(
      expect.arrayContaining([
        [null, { points: '1', notAnswered: false }],
        [{ points: '1', notAnswered: false }, { points: '1.5', notAnswered: false }],
      ]),
    );
  });

  it('refuses the next write of a corrector whose copy was reassigned meanwhile, as for any other copy of someone else', async () => {
    const copyId = await addCopy(svc, world);
    expect((await score(copyId, ids.q1a, '1', 1)).statusCode).toBe(200);
    await svc.publish('exam.copy.reassigned.v1', world.tenantId, { copyId, examId: world.examId, fromCorrectorId: world.corrector, toCorrectorId: world.otherCorrector, reason: null });
    await eventually('the reassignment', async () => (await copyRow(copyId))?.corrector_id === world.otherCorrector);

    expect((await score(copyId, ids.q1b, '1', 2)).statusCode).toBe(404);
    const tick = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/annotations`, headers: world.as.corrector, payload: { kind: 'tick', page: 0, x: 0.1, y: 0.1 } });
    expect(tick.statusCode).toBe(404);
    expect((await doc(copyId)).version).toBe(2);
    expect((await score(copyId, ids.q1b, '1', 2, world.as.otherCorrector)).statusCode).toBe(200);
  });

  it('refuses the next write of a lead teacher who is no longer one', async () => {
    const { svc: own, world: w } = await startWorld();
    try {
      const copyId = await addCopy(own, w);
      const put = (version: number) =>
        own.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${ids.q2}`, headers: { ...w.as.lead, ...ifMatch(version) }, payload: { points: '1' } });
      expect((await put(1)).statusCode).toBe(200);
      await own.publish('exam.exam.updated.v1', w.tenantId, {
        examId: w.examId, name: 'Contrôle de synthèse', subject: 'Mathématiques', date: '2025-11-20', classNames: ['3B'], pagesPerCopy: 2,
        headerRegion: DEFAULT_HEADER_REGION, correctorIds: [w.corrector, w.otherCorrector], leadTeacherIds: [], ownerId: w.owner, status: 'grading', scaleTo: 20, coefficient: '1',
      });
      await eventually('the lead removed', async () => (await own.deps.orm.em.fork().execute<Array<{ n: number }>>('select jsonb_array_length(lead_teacher_ids::jsonb) as n from exam where id = ?', [w.examId]))[0]?.n === 0);
      expect((await put(2)).statusCode).toBe(404);
    } finally {
      await own.close();
    }
  });

  it('checks a write against the scheme published since the previous one', async () => {
    const { svc: own, world: w } = await startWorld();
    try {
      const copyId = await addCopy(own, w);
      const put = (points: string, version: number) =>
        own.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${ids.q2}`, headers: { ...w.as.corrector, ...ifMatch(version) }, payload: { points } });
      expect((await put('3', 1)).statusCode).toBe(200);
      // Version 2 of the scheme: question 2 is now out of 5.
      const nodes = [node('2', null, '5', '1', 1), node('1b', '1', '1', '0.25', 1), node('1', null, '3', '1', 0), node('1a', '1', '2', '0.5', 0)];
      await publishScheme(own, w.tenantId, w.examId, 2, nodes, '8', { changedNodeIds: [ids.q2] });
      await eventually('scheme version 2', async () => (await own.deps.orm.em.fork().execute<Array<{ n: number }>>('select max(version) as n from scheme_version where exam_id = ?', [w.examId]))[0]?.n === 2);

      const five = await put('5', 2);
      expect(five.statusCode).toBe(200);
      const over = await put('6', 3);
      expect(over.statusCode).toBe(422);
      expect(over.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'body.points' })] });
      // Version 3: question 2 back to 3 points. The kept context still knows version 2, where 4 fits.
      await publishScheme(own, w.tenantId, w.examId, 3, sampleNodes(), '6', { changedNodeIds: [ids.q2] });
      await eventually('scheme version 3', async () => (await own.deps.orm.em.fork().execute<Array<{ n: number }>>('select max(version) as n from scheme_version where exam_id = ?', [w.examId]))[0]?.n === 3);
      expect((await put('4', 3)).statusCode).toBe(422);
      expect((await put('2', 3)).statusCode).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('refuses a write once the copy was quarantined or taken over meanwhile, and lets it through again after', async () => {
    const copyId = await addCopy(svc, world);
    expect((await score(copyId, ids.q1a, '1', 1)).statusCode).toBe(200);
    await svc.publish('exam.copy.transitioned.v1', world.tenantId, { copyId, examId: world.examId, from: 'READY', to: 'QUARANTINE', reason: 'a page is missing' });
    await eventually('the quarantine', async () => (await copyRow(copyId))?.status === 'QUARANTINE');
    const quarantined = await score(copyId, ids.q1b, '1', 2);
    expect(quarantined.statusCode).toBe(409);
    expect(quarantined.json()).toMatchObject({ code: 'invalid_state' });

    await svc.publish('exam.copy.transitioned.v1', world.tenantId, { copyId, examId: world.examId, from: 'QUARANTINE', to: 'READY', reason: null });
    await eventually('back to READY', async () => (await copyRow(copyId))?.status === 'READY');
    expect((await score(copyId, ids.q1b, '1', 2)).statusCode).toBe(200);

    expect((await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/take-over`, headers: world.as.admin })).statusCode).toBe(200);
    const taken = await score(copyId, ids.q2, '1', 3);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'copy_taken_over' });
    expect((await doc(copyId)).version).toBe(3);
  });

  it('gives a stale tab its 409 and lets a finalised then reopened copy be written again', async () => {
    const copyId = await addCopy(svc, world);
    expect((await score(copyId, ids.q1a, '2', 1)).statusCode).toBe(200);
    // A second tab of the same corrector, still at version 1.
    const stale = await score(copyId, ids.q1a, '0', 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: 2 });

    const scores = [{ nodeId: ids.q1b, points: '1' }, { nodeId: ids.q2, points: '3' }];
    expect((await svc.app.inject({ method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(2) }, payload: { scores } })).statusCode).toBe(200);
    expect((await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/finalize`, headers: { ...world.as.corrector, ...ifMatch(3) } })).statusCode).toBe(200);
    const finalised = await score(copyId, ids.q1a, '1', 3);
    expect(finalised.statusCode).toBe(409);
    expect(finalised.json()).toMatchObject({ code: 'copy_finalized' });

    const reopened = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/reopen`, headers: world.as.admin, payload: { reason: 'Barème revu' } });
    expect(reopened.statusCode).toBe(200);
    const version = (await doc(copyId)).version;
    const again = await score(copyId, ids.q1a, '1', version);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ version: version + 1 });
  });
});
