import { onOutboxCommit } from '@gradeline/db';
import { ids } from './fixtures/scheme';
import { addCopy, eventsAbout, ifMatch, publishedEvents, type Svc, type World, startWorld } from './support/world';

// The corrector's document through HTTP: versions, validation, concurrency, finalise, reopen.
describe('a copy’s grading document', () => {
  let svc: Svc;
  let world: World;

  beforeAll(async () => {
    ({ svc, world } = await startWorld());
  });
  afterAll(() => svc.close());

  const get = (copyId: string, headers = world.as.corrector) => svc.app.inject({ url: `/copies/${copyId}/grading`, headers });
  const putScore = (copyId: string, nodeId: string, body: object, version: number | null, headers = world.as.corrector) =>
    svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${nodeId}`, headers: { ...headers, ...(version === null ? {} : ifMatch(version)) }, payload: body });
  const finalize = (copyId: string, version: number, headers = world.as.corrector) =>
    svc.app.inject({ method: 'POST', url: `/copies/${copyId}/finalize`, headers: { ...headers, ...ifMatch(version) } });

  it('shows the corrector an anonymous document with its version as ETag, and nothing of the student', async () => {
    const copyId = await addCopy(svc, world);
    const res = await get(copyId);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const doc = res.json();
    expect(doc).toMatchObject({ copyId, examId: world.examId, state: 'open', version: 1, schemeVersion: 1, pageCount: 2, anonymousCode: expect.stringMatching(/^K/) });
    expect(doc.missing).toEqual([ids.q1a, ids.q1b, ids.q2]);
    expect(JSON.stringify(doc)).not.toMatch(/student|firstName|lastName|birth/i);
  });

  it('accepts a score only with the version it was based on, and publishes grading.copy.started.v1 once', async () => {
    const copyId = await addCopy(svc, world);
    expect((await putScore(copyId, ids.q1a, { points: '1.5' }, null)).statusCode).toBe(428);
    const first = await putScore(copyId, ids.q1a, { points: '1.5', remark: 'Méthode correcte' }, 1);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ version: 2, scores: [{ nodeId: ids.q1a, points: '1.5', notAnswered: false, remark: 'Méthode correcte' }] });
    expect((await putScore(copyId, ids.q2, { points: '3' }, 2)).statusCode).toBe(200);
    const started = await eventsAbout(svc, 'grading.copy.started.v1', copyId);
    expect(started).toHaveLength(1);
    expect(started[0]!.data).toEqual({ copyId, examId: world.examId, correctorId: world.corrector });
    expect(started[0]!.actor).toEqual({ kind: 'user', userId: world.corrector, role: 'teacher' });
  });

  it('wakes the outbox relay of this process when a first write commits the started event, and only then', async () => {
    let wakes = 0;
    const stop = onOutboxCommit(svc.deps.orm, () => wakes++)!;
    try {
      const copyId = await addCopy(svc, world);
      expect((await putScore(copyId, ids.q1a, { points: '1' }, 1)).statusCode).toBe(200);
      // Woken at the commit, before the answer: the event does not wait for the relay's poll.
      expect(wakes).toBe(1);
      expect((await putScore(copyId, ids.q1b, { points: '1' }, 2)).statusCode).toBe(200);
      expect(wakes).toBe(1);
      expect(await eventsAbout(svc, 'grading.copy.started.v1', copyId)).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('answers a stale version with 409 and the current document, changing nothing', async () => {
    const copyId = await addCopy(svc, world);
    await putScore(copyId, ids.q1a, { points: '2' }, 1);
    const stale = await putScore(copyId, ids.q1a, { points: '0.5' }, 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2, current: { version: 2, scores: [{ nodeId: ids.q1a, points: '2' }] } });
    expect((await get(copyId)).json().scores).toEqual([{ nodeId: ids.q1a, points: '2', notAnswered: false, remark: null }]);
  });

  it('lets exactly one of two writers on the same version through; the other gets 409', async () => {
    const copyId = await addCopy(svc, world);
    const [a, b] = await Promise.all([
      putScore(copyId, ids.q1a, { points: '1' }, 1),
      putScore(copyId, ids.q1b, { points: '0.75' }, 1, world.as.lead),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const doc = (await get(copyId)).json();
    expect(doc.version).toBe(2);
    expect(doc.scores).toHaveLength(1);
  });

  it('refuses scores outside the scheme with 422 naming the field, and keeps the document as it was', async () => {
    const copyId = await addCopy(svc, world);
    const over = await putScore(copyId, ids.q1a, { points: '2.5' }, 1);
    expect(over.statusCode).toBe(422);
    expect(over.json().errors).toEqual([{ path: 'body.points', message: 'must be at most 2 for "1a"' }]);
    expect((await putScore(copyId, ids.q1a, { points: '0.25' }, 1)).json().errors).toEqual([{ path: 'body.points', message: 'must be a multiple of 0.5 for "1a"' }]);
    expect((await putScore(copyId, ids.q1a, { points: '-1' }, 1)).json().errors[0].path).toBe('body.points');
    expect((await putScore(copyId, '6c2b1e0a-1111-4222-8333-444455556666', { points: '1' }, 1)).json().errors[0].path).toBe('params.nodeId');
    expect((await putScore(copyId, ids.q1, { points: '1' }, 1)).json().errors[0].path).toBe('params.nodeId');
    expect((await putScore(copyId, ids.q1a, { points: 'abc' }, 1)).statusCode).toBe(422);
    const patch = await svc.app.inject({
      method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(1) },
      payload: { scores: [{ nodeId: ids.q1a, points: '1' }, { nodeId: ids.q2, points: '1.5' }] },
    });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors).toEqual([{ path: 'body.scores.1.points', message: 'must be a multiple of 1 for "2"' }]);
    const doc = (await get(copyId)).json();
    expect(doc).toMatchObject({ version: 1, scores: [] });
  });

  it('refuses to finalise while a question is unscored, then finalises with an exact total and an idempotent retry', async () => {
    const copyId = await addCopy(svc, world);
    await putScore(copyId, ids.q1a, { points: '1.5' }, 1);
    const early = await finalize(copyId, 2);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'grading_incomplete', missing: [ids.q1b, ids.q2] });
    await svc.app.inject({
      method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(2) },
      payload: { scores: [{ nodeId: ids.q1b, points: '0.75' }, { nodeId: ids.q2, notAnswered: true }] },
    });
    await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/comment`, headers: { ...world.as.corrector, ...ifMatch(3) }, payload: { comment: 'Travail sérieux.' } });
    const done = await finalize(copyId, 4);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ copyId, version: 1, documentVersion: 5, schemeVersion: 1, total: '2.25', maxTotal: '6' });
    const retry = await finalize(copyId, 4);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(done.json());
    const [event] = await eventsAbout(svc, 'grading.copy.finalized.v1', copyId);
    expect(event!.data).toMatchObject({
      copyId, examId: world.examId, version: 1, schemeVersion: 1, correctorId: world.corrector, total: '2.25', maxTotal: '6', globalComment: 'Travail sérieux.',
      scores: [
        { nodeId: ids.q1a, points: '1.5', notAnswered: false, remark: null },
        { nodeId: ids.q1b, points: '0.75', notAnswered: false, remark: null },
        { nodeId: ids.q2, points: '0', notAnswered: true, remark: null },
      ],
    });
    expect((await publishedEvents(svc, 'grading.copy.finalized.v1')).filter((e) => e.data.copyId === copyId)).toHaveLength(1);
  });

  it('keeps a GRADED copy immutable until an admin reopens it with a reason; the next finalise is version 2', async () => {
    const copyId = await addCopy(svc, world);
    await svc.app.inject({
      method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(1) },
      payload: { scores: [{ nodeId: ids.q1a, points: '2' }, { nodeId: ids.q1b, points: '1' }, { nodeId: ids.q2, points: '3' }] },
    });
    expect((await finalize(copyId, 2)).statusCode).toBe(200);
    const refused = [
      await putScore(copyId, ids.q1a, { points: '1' }, 3),
      await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/comment`, headers: { ...world.as.corrector, ...ifMatch(3) }, payload: { comment: 'x' } }),
      await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/annotations`, headers: world.as.corrector, payload: { kind: 'tick', page: 0, x: 0.5, y: 0.5 } }),
      await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/draft`, headers: { ...world.as.corrector, ...ifMatch(0) }, payload: { content: {} } }),
      await putScore(copyId, ids.q1a, { points: '1' }, 3, world.as.admin),
    ];
    expect(refused.map((r) => [r.statusCode, r.json().code])).toEqual(Array(5).fill([409, 'copy_finalized']));
    const reopenBody = { reason: 'Réclamation sur la question 2' };
    expect((await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/reopen`, headers: world.as.lead, payload: reopenBody })).statusCode).toBe(403);
    expect((await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/reopen`, headers: world.as.admin, payload: { reason: '' } })).statusCode).toBe(422);
    const reopened = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/reopen`, headers: world.as.admin, payload: reopenBody });
    expect(reopened.json()).toEqual({ copyId, documentVersion: 4, reopenedVersion: 1 });
    const [event] = await eventsAbout(svc, 'grading.copy.reopened.v1', copyId);
    expect(event!.data).toEqual({ copyId, examId: world.examId, reason: reopenBody.reason, version: 1 });
    expect((await putScore(copyId, ids.q2, { points: '2' }, 4)).statusCode).toBe(200);
    const again = await finalize(copyId, 5);
    expect(again.json()).toMatchObject({ version: 2, total: '5' });
    const finals = await eventsAbout(svc, 'grading.copy.finalized.v1', copyId, 2);
    expect(finals.map((e) => [e.data.version, e.data.total])).toEqual([[1, '6'], [2, '5']]);
  });

  it('never loses an edit to a racing finalise: either the edit is refused, or the finalise is', async () => {
    for (let round = 0; round < 4; round++) {
      const copyId = await addCopy(svc, world);
      await svc.app.inject({
        method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(1) },
        payload: { scores: [{ nodeId: ids.q1a, points: '2' }, { nodeId: ids.q1b, points: '1' }, { nodeId: ids.q2, points: '3' }] },
      });
      const [fin, edit] = await Promise.all([finalize(copyId, 2), putScore(copyId, ids.q2, { points: '1' }, 2, world.as.lead)]);
      const doc = (await get(copyId)).json();
      if (fin.statusCode === 200) {
        expect(edit.json().code).toBe('copy_finalized');
        expect(doc).toMatchObject({ state: 'finalized', total: '6' });
      } else {
        expect([fin.json().code, edit.statusCode]).toEqual(['version_conflict', 200]);
        expect(doc).toMatchObject({ state: 'open', total: '4' });
      }
    }
  });

  it('keeps an audit trail per copy for admins and leads: who changed what, when', async () => {
    const copyId = await addCopy(svc, world);
    await putScore(copyId, ids.q1a, { points: '1', remark: 'Calcul faux' }, 1);
    await putScore(copyId, ids.q1a, { points: '1.5' }, 2, world.as.lead);
    const history = await svc.app.inject({ url: `/copies/${copyId}/history`, headers: world.as.admin });
    expect(history.statusCode).toBe(200);
    const items = history.json().items;
    expect(items.map((i: { action: string; actor: { userId: string } }) => [i.action, i.actor.userId])).toEqual([
      ['grading.scores_changed', world.lead],
      ['grading.scores_changed', world.corrector],
    ]);
    expect(items[0].details.changes).toEqual([{ nodeId: ids.q1a, from: { points: '1', notAnswered: false }, to: { points: '1.5', notAnswered: false }, remarkChanged: false }]);
    expect(JSON.stringify(items)).not.toContain('Calcul faux');
    expect((await svc.app.inject({ url: `/copies/${copyId}/history`, headers: world.as.lead })).statusCode).toBe(200);
    expect((await svc.app.inject({ url: `/copies/${copyId}/history`, headers: world.as.corrector })).statusCode).toBe(403);
    expect((await svc.app.inject({ url: '/metrics' })).body).toMatch(/grading_writes_total\{action="grading.scores_changed"\} \d+/);
  });

  it('documents every grading route in /openapi.json (the gateway merges it into /docs)', async () => {
    const res = await svc.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of ['/copies/{id}/grading', '/copies/{id}/grading/scores/{nodeId}', '/copies/{id}/annotations/{annotationId}', '/copies/{id}/finalize', '/exams/{id}/comment-bank', '/grading/copies']) {
      expect(paths).toContain(path);
    }
  });
});
