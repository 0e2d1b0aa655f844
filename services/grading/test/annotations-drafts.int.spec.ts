import { randomUUID } from 'node:crypto';
import { ids } from './fixtures/scheme';
import { addCopy, ifMatch, type Svc, type World, startWorld } from './support/world';

// Annotations (own versions, server-side checks), drafts in two tabs, the comment bank.
describe('annotations, drafts and the comment bank', () => {
  let svc: Svc;
  let world: World;

  beforeAll(async () => {
    ({ svc, world } = await startWorld());
  });
  afterAll(() => svc.close());

  const annotate = (copyId: string, payload: object, headers = world.as.corrector) => svc.app.inject({ method: 'POST', url: `/copies/${copyId}/annotations`, headers, payload });
  const patchAnnotation = (copyId: string, id: string, version: number, payload: object, headers = world.as.corrector) =>
    svc.app.inject({ method: 'PATCH', url: `/copies/${copyId}/annotations/${id}`, headers: { ...headers, ...ifMatch(version) }, payload });
  const annotationsOf = async (copyId: string) => (await svc.app.inject({ url: `/copies/${copyId}/grading`, headers: world.as.corrector })).json().annotations;

  describe('annotations', () => {
    it('stores every kind with its version, and a retried POST with the same id creates it once', async () => {
      const copyId = await addCopy(svc, world);
      const stroke = { id: randomUUID(), kind: 'stroke', page: 1, x: 0.1, y: 0.1, points: [{ x: 0.1, y: 0.1 }, { x: 0.3, y: 0.2 }], color: '#cc0000' };
      const first = await annotate(copyId, stroke);
      expect(first.statusCode).toBe(201);
      expect(first.headers.etag).toBe('"1"');
      const retry = await annotate(copyId, stroke);
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual(first.json());
      for (const a of [
        { kind: 'comment', page: 0, x: 0.5, y: 0.6, text: 'Justifier le passage', nodeId: ids.q1a },
        { kind: 'tick', page: 0, x: 0.9, y: 0.4, nodeId: ids.q1a, pointsDelta: '0.5' },
        { kind: 'cross', page: 1, x: 0.2, y: 0.7, nodeId: ids.q2, pointsDelta: '-1' },
        { kind: 'highlight', page: 1, x: 0.1, y: 0.5, width: 0.8, height: 0.05 },
        { kind: 'text', page: 0, x: 0.6, y: 0.8, width: 0.3, height: 0.1, text: 'Unité ?' },
      ]) {
        expect((await annotate(copyId, a)).statusCode).toBe(201);
      }
      const stored = await annotationsOf(copyId);
      expect(stored.map((a: { kind: string }) => a.kind)).toEqual(['stroke', 'comment', 'tick', 'cross', 'highlight', 'text']);
      expect(stored[3]).toMatchObject({ nodeId: ids.q2, pointsDelta: '-1', version: 1 });
    });

    it('refuses coordinates outside the page, a page beyond the copy and an unknown node, naming the field', async () => {
      const copyId = await addCopy(svc, world);
      const cases: Array<[object, string]> = [
        [{ kind: 'tick', page: 0, x: 1.2, y: 0.5 }, 'body.x'],
        [{ kind: 'tick', page: 0, x: 0.5, y: -0.1 }, 'body.y'],
        [{ kind: 'highlight', page: 0, x: 0.7, y: 0.5, width: 0.4, height: 0.1 }, 'body.width'],
        [{ kind: 'tick', page: 2, x: 0.5, y: 0.5 }, 'body.page'],
        [{ kind: 'tick', page: 0, x: 0.5, y: 0.5, nodeId: randomUUID() }, 'body.nodeId'],
        [{ kind: 'stroke', page: 0, x: 0.5, y: 0.5, points: [{ x: 0.5, y: 1.5 }, { x: 0.1, y: 0.1 }] }, 'body.points.0.y'],
        [{ kind: 'tick', page: 0, x: 0.5, y: 0.5, nodeId: ids.q1a, pointsDelta: '3' }, 'body.pointsDelta'],
      ];
      for (const [payload, path] of cases) {
        const res = await annotate(copyId, payload);
        expect([res.statusCode, res.json().errors?.map((e: { path: string }) => e.path)]).toEqual([422, [path]]);
      }
      expect(await annotationsOf(copyId)).toEqual([]);
    });

    it('changes and deletes with the annotation version: stale gets 409 with the current one; two writers, one 409', async () => {
      const copyId = await addCopy(svc, world);
      const id = (await annotate(copyId, { kind: 'comment', page: 0, x: 0.4, y: 0.4, text: 'A' })).json().id as string;
      expect((await svc.app.inject({ method: 'PATCH', url: `/copies/${copyId}/annotations/${id}`, headers: world.as.corrector, payload: { x: 0.5 } })).statusCode).toBe(428);
      const [a, b] = await Promise.all([patchAnnotation(copyId, id, 1, { text: 'B' }), patchAnnotation(copyId, id, 1, { text: 'C' }, world.as.lead)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2, current: { id, version: 2 } });
      expect((await svc.app.inject({ method: 'DELETE', url: `/copies/${copyId}/annotations/${id}`, headers: { ...world.as.corrector, ...ifMatch(1) } })).statusCode).toBe(409);
      expect((await patchAnnotation(copyId, id, 2, { x: 0.95, width: 0.1 })).json().errors[0].path).toBe('body.width');
      expect((await svc.app.inject({ method: 'DELETE', url: `/copies/${copyId}/annotations/${id}`, headers: { ...world.as.corrector, ...ifMatch(2) } })).statusCode).toBe(204);
      expect(await annotationsOf(copyId)).toEqual([]);
    });

    it('does not make score writes stale: annotations are versioned on their own', async () => {
      const copyId = await addCopy(svc, world);
      await annotate(copyId, { kind: 'tick', page: 0, x: 0.5, y: 0.5 });
      const score = await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${ids.q2}`, headers: { ...world.as.corrector, ...ifMatch(1) }, payload: { points: '2' } });
      expect(score.statusCode).toBe(200);
    });

    it('warns on finalising full marks on a question carrying a cross', async () => {
      const copyId = await addCopy(svc, world);
      await annotate(copyId, { kind: 'cross', page: 0, x: 0.5, y: 0.5, nodeId: ids.q2 });
      const scores = [{ nodeId: ids.q1a, points: '1' }, { nodeId: ids.q1b, points: '1' }, { nodeId: ids.q2, points: '3' }];
      await svc.app.inject({ method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.corrector, ...ifMatch(1) }, payload: { scores } });
      const done = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/finalize`, headers: { ...world.as.corrector, ...ifMatch(2) } });
      expect(done.json().warnings).toEqual([{ code: 'full_marks_with_cross', nodeId: ids.q2, message: '"2" has full marks but carries a cross' }]);
    });
  });

  describe('drafts', () => {
    const getDraft = (copyId: string, headers = world.as.corrector) => svc.app.inject({ url: `/copies/${copyId}/draft`, headers });
    const save = (copyId: string, version: number, content: object, headers = world.as.corrector) =>
      svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/draft`, headers: { ...headers, ...ifMatch(version) }, payload: { content } });

    it('lets two tabs of one corrector autosave safely: the stale tab gets 409 with the newer draft and carries on after reloading', async () => {
      const copyId = await addCopy(svc, world);
      expect((await getDraft(copyId)).json()).toEqual({ copyId, version: 0, content: null, updatedAt: null });
      const tabA = await save(copyId, 0, { q2: '2', tab: 'A' });
      expect([tabA.statusCode, tabA.headers.etag]).toEqual([200, '"1"']);
      const tabB = await save(copyId, 0, { q2: '1', tab: 'B' });
      expect(tabB.statusCode).toBe(409);
      expect(tabB.json()).toMatchObject({ code: 'version_conflict', currentVersion: 1, current: { version: 1, content: { tab: 'A' } } });
      const reloaded = (await getDraft(copyId)).json();
      expect((await save(copyId, reloaded.version, { ...reloaded.content, tab: 'B' })).statusCode).toBe(200);
      expect((await save(copyId, 1, { tab: 'A again' })).json()).toMatchObject({ code: 'version_conflict', current: { version: 2, content: { tab: 'B' } } });
      const [x, y] = await Promise.all([save(copyId, 2, { from: 'x' }), save(copyId, 2, { from: 'y' })]);
      expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
      expect((await getDraft(copyId)).json().version).toBe(3);
    });

    it('keeps one draft per person, and refuses one without a version or over the size limit', async () => {
      const copyId = await addCopy(svc, world);
      await save(copyId, 0, { mine: true });
      expect((await getDraft(copyId, world.as.lead)).json().version).toBe(0);
      expect((await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/draft`, headers: world.as.corrector, payload: { content: {} } })).statusCode).toBe(428);
      const huge = await save(copyId, 1, { blob: 'x'.repeat(300 * 1024) });
      expect([huge.statusCode, huge.json().errors]).toEqual([422, [{ path: 'body.content', message: 'must be at most 262144 bytes of JSON' }]]);
    });
  });

  describe('comment bank', () => {
    it('keeps my comments per node, most used first, searchable', async () => {
      const add = (payload: object, headers = world.as.corrector) => svc.app.inject({ method: 'POST', url: '/comment-bank', headers, payload });
      const rare = (await add({ text: 'Bonne démarche', examId: world.examId, nodeId: ids.q2 })).json();
      const often = (await add({ text: 'Unité manquante', examId: world.examId, nodeId: ids.q2 })).json();
      await add({ text: 'Écrire lisiblement' });
      await add({ text: 'Pas le mien', examId: world.examId, nodeId: ids.q2 }, world.as.lead);
      for (let i = 0; i < 3; i++) await svc.app.inject({ method: 'POST', url: `/comment-bank/${often.id}/use`, headers: world.as.corrector });
      const byNode = (await svc.app.inject({ url: `/comment-bank?nodeId=${ids.q2}`, headers: world.as.corrector })).json();
      expect(byNode.items.map((c: { text: string; usageCount: number }) => [c.text, c.usageCount])).toEqual([['Unité manquante', 3], ['Bonne démarche', 0]]);
      expect(byNode.items[0]).toMatchObject({ scope: 'personal', examId: world.examId, nodeId: ids.q2 });
      const search = (await svc.app.inject({ url: '/comment-bank?q=unit%C3%A9', headers: world.as.corrector })).json();
      expect(search.items.map((c: { id: string }) => c.id)).toEqual([often.id]);
      expect((await svc.app.inject({ url: `/comment-bank/${rare.id}/use`, method: 'POST', headers: world.as.lead })).statusCode).toBe(404);
      expect((await add({ text: 'x', nodeId: ids.q2 })).json().errors).toEqual([{ path: 'body.examId', message: 'is required with nodeId' }]);
      expect((await add({ text: 'x', examId: world.examId, nodeId: randomUUID() })).json().errors[0].path).toBe('body.nodeId');
    });

    it('shares an exam’s comments with everyone grading it, and with nobody else', async () => {
      const shared = await svc.app.inject({ method: 'POST', url: `/exams/${world.examId}/comment-bank`, headers: world.as.lead, payload: { text: 'Barème : voir question 2', nodeId: ids.q2 } });
      expect(shared.json()).toMatchObject({ scope: 'exam', examId: world.examId, nodeId: ids.q2 });
      const seen = (await svc.app.inject({ url: `/exams/${world.examId}/comment-bank?nodeId=${ids.q2}`, headers: world.as.otherCorrector })).json();
      expect(seen.items.map((c: { text: string }) => c.text)).toContain('Barème : voir question 2');
      const outsider = await svc.as({ role: 'teacher', tenantId: world.tenantId });
      expect((await svc.app.inject({ url: `/exams/${world.examId}/comment-bank`, headers: outsider })).statusCode).toBe(404);
      expect((await svc.app.inject({ method: 'POST', url: `/comment-bank/${shared.json().id}/use`, headers: outsider })).statusCode).toBe(404);
    });
  });
});
