import { randomUUID } from 'node:crypto';
import { type EventData, type EventType } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { ids, node } from './fixtures/scheme';
import { addCopy, createWorld, startWorld, fakePages, ifMatch, publishScheme, type Svc, type World } from './support/world';

// What grading learns from the exam service's events, and what it does with scheme changes and
// retention purges.
describe('read models, scheme changes and retention', () => {
  let svc: Svc;
  let world: World;

  beforeAll(async () => {
    ({ svc, world } = await startWorld());
  });
  afterAll(() => svc.close());

  /** Publishes with a chosen occurredAt, as a producer whose messages arrive late would. */
  async function publishAt<T extends EventType>(type: T, data: EventData<T>, occurredAt: Date): Promise<string> {
    const id = randomUUID();
    const envelope = { id, type, tenantId: world.tenantId, occurredAt: occurredAt.toISOString(), correlationId: id, causationId: null, data };
    await svc.deps.bus.js.publish(svc.deps.bus.subject(type), JSON.stringify(envelope), { msgID: id });
    return id;
  }
  const consumed = async (messageIds: string[]) => {
    const [row] = await svc.deps.orm.em.fork().execute<Array<{ n: number }>>(`select count(*)::int as n from inbox where message_id = any(string_to_array(?, ',')::uuid[])`, [messageIds.join(',')]);
    return row?.n === messageIds.length;
  };
  const doc = async (copyId: string, headers = world.as.admin) => (await svc.app.inject({ url: `/copies/${copyId}/grading`, headers })).json();
  const patch = (copyId: string, version: number, scores: object[]) =>
    svc.app.inject({ method: 'PATCH', url: `/copies/${copyId}/grading/scores`, headers: { ...world.as.admin, ...ifMatch(version) }, payload: { scores } });

  it('keeps the newest assignment whatever order the events arrive in, even before the copy is registered', async () => {
    const copyId = randomUUID();
    const now = Date.now();
    const messages = [
      await publishAt('exam.copy.dispatched.v1', { copyId, examId: world.examId, correctorId: world.corrector, dispatchId: randomUUID() }, new Date(now)),
      await publishAt('exam.copy.reassigned.v1', { copyId, examId: world.examId, fromCorrectorId: null, toCorrectorId: world.otherCorrector, reason: null }, new Date(now - 60_000)),
      await publishAt('exam.copy.registered.v1', { copyId, examId: world.examId, batchId: randomUUID(), anonymousCode: 'LATE01', status: 'READY', pages: fakePages(world.tenantId, copyId), headerCropKey: null }, new Date(now - 120_000)),
    ];
    await eventually('all three events', () => consumed(messages));
    expect(await doc(copyId, world.as.corrector)).toMatchObject({ correctorId: world.corrector, copyStatus: 'READY', pageCount: 2 });
    expect((await svc.app.inject({ url: `/copies/${copyId}/grading`, headers: world.as.otherCorrector })).statusCode).toBe(404);
  });

  it('lists a corrector’s own copies with their progress', async () => {
    const mine = await addCopy(svc, world);
    await addCopy(svc, world, { correctorId: world.otherCorrector });
    await patch(mine, 1, [{ nodeId: ids.q1a, points: '1' }, { nodeId: ids.q2, notAnswered: true }]);
    const list = (await svc.app.inject({ url: `/grading/copies?examId=${world.examId}&limit=500`, headers: world.as.corrector })).json();
    expect(list.items.every((c: { correctorId: string }) => c.correctorId === world.corrector)).toBe(true);
    expect(list.items.find((c: { copyId: string }) => c.copyId === mine)).toMatchObject({ state: 'open', version: 2, progress: { scored: 2, leaves: 3 }, secondLook: false });
    expect(list.total).toBe(list.items.length);
  });

  it('keeps scores on their node ids across a scheme change and lists the copies touching changed nodes for a second look', async () => {
    const graded = await addCopy(svc, world);
    await patch(graded, 1, [{ nodeId: ids.q1a, points: '2' }, { nodeId: ids.q1b, points: '0.5' }, { nodeId: ids.q2, points: '3' }]);
    await svc.app.inject({ method: 'POST', url: `/copies/${graded}/finalize`, headers: { ...world.as.admin, ...ifMatch(2) } });
    const untouched = await addCopy(svc, world);
    await patch(untouched, 1, [{ nodeId: ids.q1a, points: '1' }]);
    const annotated = await addCopy(svc, world);
    await svc.app.inject({ method: 'POST', url: `/copies/${annotated}/annotations`, headers: world.as.admin, payload: { kind: 'tick', page: 0, x: 0.5, y: 0.5, nodeId: ids.q1b } });

    // Version 2: question 2 is now out of 4, part 1b is gone.
    const v2 = [node('1', null, '2', '1', 0), node('1a', '1', '2', '0.5', 0), node('2', null, '4', '1', 1)];
    await publishScheme(svc, world.tenantId, world.examId, 2, v2, '6', { changedNodeIds: [ids.q2, ids.q1], removedNodeIds: [ids.q1b] });
    await eventually('scheme version 2', async () => (await doc(untouched)).schemeVersion === 2);

    const overview = (await svc.app.inject({ url: `/exams/${world.examId}/grading`, headers: world.as.lead })).json();
    expect(overview.schemeVersion).toBe(2);
    const mine = new Set([graded, untouched, annotated]);
    const looks = Object.fromEntries(overview.secondLook.filter((l: { copyId: string }) => mine.has(l.copyId)).map((l: { copyId: string; nodeIds: string[] }) => [l.copyId, [...l.nodeIds].sort()]));
    expect(looks).toEqual({ [graded]: [ids.q1b, ids.q2].sort(), [annotated]: [ids.q1b] });
    expect(overview.copies.find((c: { copyId: string }) => c.copyId === graded)).toMatchObject({ state: 'finalized', secondLook: true, progress: { scored: 3, leaves: 3 } });

    const gradedDoc = await doc(graded);
    expect(gradedDoc).toMatchObject({ state: 'finalized', schemeVersion: 1, total: '5.5' });
    expect(gradedDoc.scores.map((s: { nodeId: string; points: string }) => [s.nodeId, s.points])).toEqual([[ids.q1a, '2'], [ids.q1b, '0.5'], [ids.q2, '3']]);
    expect(await doc(untouched)).toMatchObject({ schemeVersion: 2, missing: [ids.q2], secondLook: [] });

    await svc.app.inject({ method: 'POST', url: `/copies/${graded}/reopen`, headers: world.as.admin, payload: { reason: 'Barème modifié' } });
    const reopened = await doc(graded);
    expect(reopened).toMatchObject({ state: 'open', schemeVersion: 2, total: '5', secondLook: [{ schemeVersion: 2 }] });
    expect(reopened.warnings.map((w: { code: string }) => w.code)).toEqual(['scheme_changed', 'scheme_changed']);
    const refinal = await svc.app.inject({ method: 'POST', url: `/copies/${graded}/finalize`, headers: { ...world.as.admin, ...ifMatch(reopened.version) } });
    expect(refinal.json()).toMatchObject({ version: 2, schemeVersion: 2, total: '5', maxTotal: '6' });
    const after = (await svc.app.inject({ url: `/exams/${world.examId}/grading`, headers: world.as.lead })).json();
    expect(after.secondLook.map((l: { copyId: string }) => l.copyId).filter((id: string) => mine.has(id))).toEqual([annotated]);
    expect((await doc(graded)).scores.map((s: { nodeId: string }) => s.nodeId)).toContain(ids.q1b);
  });

  it('purges an exam’s grading rows and renditions on export.retention.purged.v1, and audits it as the system', async () => {
    const other = await createWorld(svc);
    const copyId = await addCopy(svc, other);
    const kept = await addCopy(svc, world);
    await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/draft`, headers: { ...other.as.corrector, ...ifMatch(0) }, payload: { content: { a: 1 } } });
    await svc.app.inject({ method: 'PUT', url: `/copies/${copyId}/grading/scores/${ids.q2}`, headers: { ...other.as.corrector, ...ifMatch(1) }, payload: { points: '1' } });
    const renditionKey = `${other.tenantId}/grading/renditions/${copyId}/1.jpg`;
    await svc.deps.store.put(renditionKey, Buffer.from('rendition'), { contentType: 'image/jpeg' });
    // Another school naming the same exam id purges nothing here.
    await svc.publish('export.retention.purged.v1', world.tenantId, { examIds: [other.examId], copies: 1, objects: 1 });
    await svc.publish('export.retention.purged.v1', other.tenantId, { examIds: [other.examId], copies: 1, objects: 1 });
    await eventually('the purge', async () => (await svc.app.inject({ url: `/copies/${copyId}/grading`, headers: other.as.admin })).statusCode === 404);
    const em = svc.deps.orm.em.fork();
    for (const table of ['node_score', 'draft', 'grading_document', 'copy']) {
      expect([table, (await em.execute<Array<{ n: number }>>(`select count(*)::int as n from ${table} where tenant_id = ?`, [other.tenantId]))[0]!.n]).toEqual([table, 0]);
    }
    expect(await svc.deps.store.head(renditionKey)).toBeNull();
    expect((await svc.app.inject({ url: `/copies/${kept}/grading`, headers: world.as.admin })).statusCode).toBe(200);
    const audit = (await svc.app.inject({ url: '/admin/audit?action=retention.purged', headers: other.as.admin })).json();
    expect(audit.items).toEqual([expect.objectContaining({ actor: { kind: 'system', name: 'retention' }, subjectType: 'exam', subjectId: other.examId, details: expect.objectContaining({ copies: 1, objects: 1 }) })]);
  });
});
