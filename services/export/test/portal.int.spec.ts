import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type MyResult } from '@gradeline/contracts';
import { service } from '../src/service';
import { type Config } from '../src/config';
import { Copy } from '../src/modules/read-model/copy.entity';
import { finalize, renderedCopy, seedExam, type SeededExam } from './support/scenario';

// Students see their own released copies and nothing else, once they accepted the school's charter.
describe('the student portal and the privacy charter', () => {
  let svc: TestService<Config>;
  let seed: SeededExam;
  let admin: { authorization: string };
  const student = (i: number) => svc.as({ role: 'student', tenantId: seed.tenantId, userId: `00000000-0000-4000-8000-00000000000${i}`, studentId: seed.students[i]!.studentId });

  beforeAll(async () => {
    svc = await startTestService(service);
    seed = await seedExam(svc, { copies: 3 });
    admin = await svc.as({ role: 'admin', tenantId: seed.tenantId });
    for (const copyId of seed.copyIds) await finalize(svc, seed, copyId);
    for (const copyId of seed.copyIds) await renderedCopy(svc, copyId);
    await svc.publish('exam.results.released.v1', seed.tenantId, { examId: seed.examId, copyIds: seed.copyIds.slice(0, 2), releasedAt: '2026-06-25T08:00:00.000Z' });
    await eventually('the release', async () => (await svc.deps.orm.em.fork().count(Copy, { examId: seed.examId, releasedAt: { $ne: null } })) === 2);
  });
  afterAll(() => svc.close());

  const get = async (url: string, headers: { authorization: string }, extra: Record<string, string> = {}) => svc.app.inject({ url, headers: { ...headers, ...extra } });
  const accept = async (headers: { authorization: string }, version: number) => svc.app.inject({ method: 'POST', url: '/me/charter/accept', headers, payload: { version } });

  it('lets admins publish charter versions with If-Match, refusing a missing or stale one', async () => {
    const put = (ifMatch: string | undefined, text: string) =>
      svc.app.inject({ method: 'PUT', url: '/charter', headers: { ...admin, ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload: { text } });
    const first = await get('/charter', admin);
    expect(first.json()).toEqual({ charter: null });
    expect((await put(undefined, 'Charte')).statusCode).toBe(428);
    const v1 = await put(first.headers.etag as string, 'Charte de confidentialité : vos copies restent à l’école.');
    expect(v1.statusCode).toBe(200);
    expect(v1.headers.etag).toBe('"1"');
    const stale = await put(first.headers.etag as string, 'Autre texte');
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 1, current: { version: 1 } });
    expect((await get('/charter', admin)).json()).toMatchObject({ charter: { version: 1, text: 'Charte de confidentialité : vos copies restent à l’école.' } });
  });

  it('asks a student to accept the current charter before the first view of results, and records the acceptance', async () => {
    const me = await student(0);
    const refused = await get('/me/results', me);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'charter_not_accepted', version: 1 });
    expect((await get(`/me/results/${seed.copyIds[0]}/pdf`, me)).statusCode).toBe(403);
    expect((await get('/me/charter', me)).json()).toMatchObject({ accepted: false, charter: { version: 1 } });
    expect((await accept(me, 2)).statusCode).toBe(409);
    const accepted = await accept(me, 1);
    expect(accepted.json()).toMatchObject({ accepted: true, acceptedVersion: 1, acceptedAt: expect.any(String) });
    expect((await get('/me/results', me)).statusCode).toBe(200);
  });

  it('shows a student their own released copy with total, node scores and remarks, and streams its PDF privately', async () => {
    const me = await student(0);
    const list = (await get('/me/results', me)).json<{ items: MyResult[] }>();
    expect(list.items.map((r) => r.copyId)).toEqual([seed.copyIds[0]]);
    const one = (await get(`/me/results/${seed.copyIds[0]}`, me)).json<MyResult>();
    expect(one).toMatchObject({ total: '15.5', maxTotal: '20', scaledMark: '15.50', examName: 'Contrôle n°3', globalComment: 'Élève sérieuse ; continue ainsi.' });
    expect(one.nodes.find((n) => n.label === 'a) Simplifier')).toMatchObject({ points: '2.5', maxPoints: '3', remark: 'Bonne méthode ; attention aux signes.' });
    const pdf = await get(`/me/results/${seed.copyIds[0]}/pdf`, me);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers).toMatchObject({ 'content-type': 'application/pdf', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audit = (await get(`/admin/audit?action=results.pdf_downloaded&subjectId=${seed.copyIds[0]}`, admin)).json<{ total: number }>();
    expect(audit.total).toBe(1);
  });

  it('answers 404 for another student’s copy, an unreleased one, a withdrawn one and another school’s', async () => {
    const [zero, two] = [await student(0), await student(2)];
    await accept(two, 1);
    for (const url of [`/me/results/${seed.copyIds[1]}`, `/me/results/${seed.copyIds[1]}/pdf`]) expect((await get(url, zero)).statusCode).toBe(404);
    expect((await get(`/me/results/${seed.copyIds[2]}`, two)).statusCode).toBe(404);
    expect((await get(`/me/results/${seed.copyIds[2]}/pdf`, two)).statusCode).toBe(404);
    expect((await get('/me/results', two)).json()).toEqual({ items: [] });
    const elsewhere = await svc.as({ role: 'student', tenantId: randomUUID(), studentId: seed.students[0]!.studentId });
    expect((await get(`/me/results/${seed.copyIds[0]}`, elsewhere)).statusCode).toBe(404);
    expect((await get(`/me/results/${randomUUID()}`, zero)).statusCode).toBe(404);
    await svc.publish('exam.results.withdrawn.v1', seed.tenantId, { examId: seed.examId, copyIds: [seed.copyIds[0]!] });
    await eventually('the withdrawal', async () => (await get(`/me/results/${seed.copyIds[0]}`, zero)).statusCode === 404);
    expect((await get('/me/results', zero)).json()).toEqual({ items: [] });
  });

  it('asks again when the school publishes a new charter version, and keeps staff out of the portal', async () => {
    const current = await get('/charter', admin);
    await svc.app.inject({ method: 'PUT', url: '/charter', headers: { ...admin, 'if-match': current.headers.etag as string }, payload: { text: 'Charte v2' } });
    const me = await student(1);
    await accept(me, 1).then((r) => expect(r.statusCode).toBe(409));
    expect((await get('/me/results', me)).json()).toMatchObject({ code: 'charter_not_accepted', version: 2 });
    await accept(me, 2);
    expect((await get('/me/results', me)).json<{ items: MyResult[] }>().items.map((r) => r.copyId)).toEqual([seed.copyIds[1]]);
    const teacher = await svc.as({ role: 'teacher', tenantId: seed.tenantId, userId: seed.ownerId });
    expect((await get('/me/results', teacher)).statusCode).toBe(403);
    expect((await get('/me/charter', admin)).statusCode).toBe(403);
  });
});
