import { randomUUID } from 'node:crypto';
import { type CopyList, type CopyView, type ExamView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { parseAnonymousCode } from '../src/modules/copy/anonymous-code';
import { addStaff, as, assembled, createExam, moveExam, outboxEvents, rows, startExamService, type ExamTestService, type Headers } from './support';

describe('the copies registry', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let owner: Headers;
  let admin: Headers;
  let correctorId: string;
  let exam: ExamView;

  beforeAll(async () => {
    svc = await startExamService();
    const ownerId = await addStaff(svc, tenantId);
    correctorId = await addStaff(svc, tenantId);
    owner = await as(svc, tenantId, 'teacher', ownerId);
    admin = await as(svc, tenantId, 'admin');
    exam = await createExam(svc, owner, { correctorIds: [correctorId] });
    await moveExam(svc, owner, exam.id, 'open');
  });
  afterAll(() => svc.close());

  const getCopy = (id: string, headers = owner) => svc.app.inject({ url: `/copies/${id}`, headers });
  const registered = async (id: string) => eventually(`copy ${id}`, async () => (await getCopy(id)).statusCode === 200);
  const events = async (copyId: string) => ({
    registered: await outboxEvents(svc, 'exam.copy.registered.v1', { copyId }),
    transitioned: await outboxEvents(svc, 'exam.copy.transitioned.v1', { copyId }),
  });

  it('registers a complete copy as STAGING with an anonymous code, and tells everyone', async () => {
    const data = assembled(exam.id);
    await svc.publish('ingestion.copy.assembled.v1', tenantId, data);
    await registered(data.copyId);
    const copy = (await getCopy(data.copyId)).json<CopyView>();
    expect(copy).toMatchObject({ status: 'STAGING', examId: exam.id, revision: 1, complete: true, studentId: null, version: 1 });
    expect(parseAnonymousCode(copy.anonymousCode)).toBe(copy.anonymousCode);
    expect(copy.pages).toEqual([expect.not.objectContaining({ objectKey: expect.anything() }), expect.any(Object)]);
    const { registered: reg, transitioned } = await events(data.copyId);
    expect(reg).toEqual([expect.objectContaining({ anonymousCode: copy.anonymousCode, status: 'STAGING', pages: data.pages, batchId: data.batchId })]);
    expect(transitioned).toEqual([{ copyId: data.copyId, examId: exam.id, from: null, to: 'STAGING', reason: null }]);
    const audit = await svc.app.inject({ url: `/admin/audit?subjectId=${data.copyId}`, headers: admin });
    expect(audit.json().items.map((i: { action: string; actor: { kind: string } }) => [i.action, i.actor.kind]).sort()).toEqual([
      ['copy.registered', 'system'],
      ['copy.transitioned', 'system'],
    ]);
  });

  it('quarantines an incomplete copy, and a higher revision that completes it moves it to STAGING', async () => {
    const first = assembled(exam.id, { complete: false, missingPages: [2], pages: assembled(exam.id).pages.slice(0, 1) });
    await svc.publish('ingestion.copy.assembled.v1', tenantId, first);
    await registered(first.copyId);
    expect((await getCopy(first.copyId)).json()).toMatchObject({ status: 'QUARANTINE', statusReason: 'incomplete', missingPages: [2] });
    const second = assembled(exam.id, { copyId: first.copyId, revision: 2 });
    await svc.publish('ingestion.copy.assembled.v1', tenantId, second);
    await eventually('revision 2', async () => (await getCopy(first.copyId)).json().revision === 2);
    expect((await getCopy(first.copyId)).json()).toMatchObject({ status: 'STAGING', complete: true, missingPages: [], statusReason: 'completed' });
    const { registered: reg, transitioned } = await events(first.copyId);
    expect(reg.map((r) => [r.status, r.pages.length])).toEqual([
      ['QUARANTINE', 1],
      ['STAGING', 2],
    ]);
    expect(transitioned.map((t) => [t.from, t.to, t.reason])).toEqual([
      [null, 'QUARANTINE', 'incomplete'],
      ['QUARANTINE', 'STAGING', 'completed'],
    ]);
  });

  it('ignores lower or equal revisions and applies one message once', async () => {
    const data = assembled(exam.id, { revision: 3 });
    const messageId = randomUUID();
    await svc.publish('ingestion.copy.assembled.v1', tenantId, data, { id: messageId });
    await svc.publish('ingestion.copy.assembled.v1', tenantId, data, { id: messageId });
    await registered(data.copyId);
    await svc.publish('ingestion.copy.assembled.v1', tenantId, { ...data, revision: 2, complete: false, missingPages: [1, 2], pages: [] });
    await svc.publish('ingestion.copy.assembled.v1', tenantId, { ...data, revision: 3, pages: data.pages.slice(1) });
    const marker = assembled(exam.id);
    await svc.publish('ingestion.copy.assembled.v1', tenantId, marker);
    await registered(marker.copyId);
    await eventually('every message handled', async () => (await rows(svc, "select 1 from inbox where consumer = 'exam--copy-registry'")).length >= 4);
    expect((await getCopy(data.copyId)).json()).toMatchObject({ revision: 3, status: 'STAGING', pages: [{ number: 1 }, { number: 2 }] });
    expect(await rows(svc, 'select id from copy where id = ?', [data.copyId])).toHaveLength(1);
    expect((await events(data.copyId)).registered).toHaveLength(1);
  });

  it('gives every copy of the school its own random code', async () => {
    const batch = Array.from({ length: 40 }, () => assembled(exam.id));
    await Promise.all(batch.map((data) => svc.publish('ingestion.copy.assembled.v1', tenantId, data)));
    await eventually('40 copies', async () => (await rows(svc, 'select 1 from copy where id in (?)', [batch.map((b) => b.copyId)])).length === 40);
    const codes = (await rows<{ anonymous_code: string }>(svc, 'select anonymous_code from copy where tenant_id = ? order by registered_at, id', [tenantId])).map((r) => r.anonymous_code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(parseAnonymousCode(code)).toBe(code);
    // Not handed out in order: in registration order the codes are not sorted.
    expect(codes).not.toEqual([...codes].sort());
  });

  it('lists an exam’s copies by status, a page at a time, for those who manage the exam', async () => {
    const all = (await svc.app.inject({ url: `/exams/${exam.id}/copies?limit=500`, headers: owner })).json<CopyList>();
    expect(all.total).toBe(all.items.length);
    const quarantined = (await svc.app.inject({ url: `/exams/${exam.id}/copies?status=QUARANTINE`, headers: owner })).json<CopyList>();
    expect(quarantined.items.every((c) => c.status === 'QUARANTINE')).toBe(true);
    const page = (await svc.app.inject({ url: `/exams/${exam.id}/copies?limit=5&offset=5`, headers: owner })).json<CopyList>();
    expect(page.items.map((c) => c.id)).toEqual(all.items.slice(5, 10).map((c) => c.id));
    const corrector = await as(svc, tenantId, 'teacher', correctorId);
    // A corrector sees only the copies dispatched to them (none yet), never the whole list.
    const mine = await svc.app.inject({ url: `/exams/${exam.id}/copies`, headers: corrector });
    expect(mine.json()).toEqual({ items: [], total: 0 });
    expect((await getCopy(all.items[0]!.id, corrector)).statusCode).toBe(403);
    expect((await getCopy(all.items[0]!.id, await as(svc, randomUUID(), 'admin'))).statusCode).toBe(404);
  });

  it('lets a person set a copy aside and take it back; an illegal move is 409 naming the status', async () => {
    const data = assembled(exam.id);
    await svc.publish('ingestion.copy.assembled.v1', tenantId, data);
    await registered(data.copyId);
    const quarantine = (headers: Headers) => svc.app.inject({ method: 'POST', url: `/copies/${data.copyId}/quarantine`, headers, payload: { reason: 'pages mélangées' } });
    const aside = await quarantine({ ...owner, 'if-match': '"1"' });
    expect(aside.statusCode).toBe(200);
    expect(aside.headers.etag).toBe('"2"');
    expect(aside.json()).toMatchObject({ status: 'QUARANTINE', statusReason: 'pages mélangées' });
    const again = await quarantine(owner);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_state', currentStatus: 'QUARANTINE', detail: expect.stringContaining('QUARANTINE') });
    expect((await svc.app.inject({ method: 'POST', url: `/copies/${data.copyId}/unquarantine`, headers: { ...owner, 'if-match': '"1"' }, payload: { reason: 'vérifié' } })).statusCode).toBe(409);
    const back = await svc.app.inject({ method: 'POST', url: `/copies/${data.copyId}/unquarantine`, headers: owner, payload: { reason: 'vérifié' } });
    expect(back.json()).toMatchObject({ status: 'STAGING' });
    expect((await events(data.copyId)).transitioned.map((t) => [t.from, t.to, t.reason])).toEqual([
      [null, 'STAGING', null],
      ['STAGING', 'QUARANTINE', 'pages mélangées'],
      ['QUARANTINE', 'STAGING', 'vérifié'],
    ]);
    const audit = await svc.app.inject({ url: `/admin/audit?subjectId=${data.copyId}&action=copy.transitioned`, headers: admin });
    expect(JSON.stringify(audit.json())).not.toContain('mélangées');
  });

  it('keeps a GRADED copy as graded: no move by hand, no new pages', async () => {
    const data = assembled(exam.id);
    await svc.publish('ingestion.copy.assembled.v1', tenantId, data);
    await registered(data.copyId);
    // Put straight in the state grading's events would leave (grading-progress.int.spec.ts covers those).
    await rows(svc, "update copy set status = 'GRADED' where id = ?", [data.copyId]);
    const refused = await svc.app.inject({ method: 'POST', url: `/copies/${data.copyId}/quarantine`, headers: owner, payload: { reason: 'page déchirée' } });
    expect(refused.json()).toMatchObject({ status: 409, currentStatus: 'GRADED' });
    await svc.publish('ingestion.copy.assembled.v1', tenantId, { ...data, revision: 2, complete: false, missingPages: [2], pages: data.pages.slice(0, 1) });
    await eventually('the revision seen', async () => (await svc.app.inject({ url: `/admin/audit?subjectId=${data.copyId}&action=copy.revision_ignored`, headers: admin })).json().total === 1);
    expect((await getCopy(data.copyId)).json()).toMatchObject({ status: 'GRADED', revision: 1, pages: [{ number: 1 }, { number: 2 }] });
  });

  it('no longer lets the pages per copy change once copies exist', async () => {
    const current = (await svc.app.inject({ url: `/exams/${exam.id}`, headers: owner })).json<ExamView>();
    const res = await svc.app.inject({ method: 'PATCH', url: `/exams/${exam.id}`, headers: { ...owner, 'if-match': `"${current.version}"` }, payload: { pagesPerCopy: 4 } });
    expect(res.json()).toMatchObject({ status: 409, code: 'invalid_state' });
  });

  it('refuses for good a copy of an exam the school does not have', async () => {
    const stray = assembled(randomUUID());
    await svc.publish('ingestion.copy.assembled.v1', tenantId, stray);
    await eventually('the dead letter', async () => (await svc.deadLetters.list({ consumer: 'exam--copy-registry' })).total === 1);
    expect(await rows(svc, 'select 1 from copy where id = ?', [stray.copyId])).toEqual([]);
  });
});
