import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { OutboxMessage } from '@gradeline/db';
import { service } from '../src/service';
import { type Config } from '../src/config';
import { Copy } from '../src/modules/read-model/copy.entity';
import { Exam } from '../src/modules/read-model/exam.entity';
import { ExportJob } from '../src/modules/exports/export-job.entity';
import { finalize, renderedCopy, seedExam, type SeededExam } from './support/scenario';

// With a fixed clock: a school keeping data 12 months after the exam date loses exactly what is older.
describe('retention', () => {
  let svc: TestService<Config>;
  const clock = { now: () => new Date('2026-11-27T03:00:00.000Z') };
  const tenantId = randomUUID();
  let expired: SeededExam;
  let boundary: SeededExam;
  let recent: SeededExam;
  let otherSchool: SeededExam;
  let admin: { authorization: string };

  beforeAll(async () => {
    svc = await startTestService(service, { clock, env: { EXPORT_POLL_INTERVAL: '100' } });
    expired = await seedExam(svc, { tenantId, copies: 2, date: '2025-11-27' });
    boundary = await seedExam(svc, { tenantId, copies: 1, date: '2025-11-28' });
    recent = await seedExam(svc, { tenantId, copies: 1, date: '2026-06-12' });
    otherSchool = await seedExam(svc, { copies: 1, date: '2020-01-01' });
    for (const seed of [expired, boundary, recent, otherSchool]) {
      for (const copyId of seed.copyIds) await finalize(svc, seed, copyId);
      for (const copyId of seed.copyIds) await renderedCopy(svc, copyId);
    }
    admin = await svc.as({ role: 'admin', tenantId });
    const res = await svc.app.inject({ method: 'POST', url: `/exams/${expired.examId}/exports`, headers: admin, payload: { kind: 'results_csv' } });
    await eventually('the artefact', async () => (await svc.deps.orm.em.fork().findOneOrFail(ExportJob, res.json<{ exportId: string }>().exportId)).status === 'done');
  });
  afterAll(() => svc.close());

  const keys = async (prefix: string) => {
    const found: string[] = [];
    for await (const object of svc.deps.store.list(prefix)) found.push(object.key);
    return found;
  };

  it('keeps data until the school sets a retention, edited with If-Match', async () => {
    const current = await svc.app.inject({ url: '/retention', headers: admin });
    expect(current.json()).toEqual({ months: null, version: 0 });
    expect((await svc.app.inject({ method: 'POST', url: '/retention/run', headers: admin })).json()).toEqual({ examIds: [], copies: 0, objects: 0 });
    expect((await svc.app.inject({ method: 'PUT', url: '/retention', headers: admin, payload: { months: 12 } })).statusCode).toBe(428);
    const put = await svc.app.inject({ method: 'PUT', url: '/retention', headers: { ...admin, 'if-match': current.headers.etag as string }, payload: { months: 12 } });
    expect(put.json()).toEqual({ months: 12, version: 1 });
    expect((await svc.app.inject({ method: 'PUT', url: '/retention', headers: { ...admin, 'if-match': '"0"' }, payload: { months: 6 } })).statusCode).toBe(409);
    expect((await svc.app.inject({ method: 'PUT', url: '/retention', headers: { ...admin, 'if-match': '"1"' }, payload: { months: 0 } })).statusCode).toBe(422);
  });

  it('purges exactly the expired exam: its PDFs, artefacts and rows, audited, then tells every service', async () => {
    const before = await keys(`${tenantId}/export/`);
    const run = await svc.app.inject({ method: 'POST', url: '/retention/run', headers: admin });
    expect(run.statusCode).toBe(200);
    const expiredKeys = before.filter((k) => expired.copyIds.some((c) => k.includes(c)) || k.includes(`/artefacts/${expired.examId}/`));
    expect(expiredKeys).toHaveLength(3);
    expect(run.json()).toEqual({ examIds: [expired.examId], copies: 2, objects: 3 });
    expect(await keys(`${tenantId}/export/`)).toEqual(before.filter((k) => !expiredKeys.includes(k)));
    expect(await keys(`${otherSchool.tenantId}/export/`)).toHaveLength(1);
    const em = svc.deps.orm.em.fork();
    expect(await em.count(Copy, { examId: expired.examId })).toBe(0);
    expect(await em.count(ExportJob, { examId: expired.examId })).toBe(0);
    expect((await em.find(Exam, {})).map((e) => e.id).sort()).toEqual([boundary.examId, recent.examId, otherSchool.examId].sort());
    expect(await em.count(Copy, {})).toBe(3);
    const events = await em.find(OutboxMessage, { type: 'export.retention.purged.v1' });
    expect(events.map((e) => [e.tenantId, e.payload.data])).toEqual([[tenantId, { examIds: [expired.examId], copies: 2, objects: 3 }]]);
    const audit = await svc.app.inject({ url: `/admin/audit?action=retention.purged`, headers: admin });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ subjectId: expired.examId, details: { copies: 2, objects: 3 } }] });
    expect((await svc.app.inject({ method: 'POST', url: '/retention/run', headers: admin })).json()).toEqual({ examIds: [], copies: 0, objects: 0 });
  });

  it('is for admins only', async () => {
    const teacher = await svc.as({ role: 'teacher', tenantId });
    expect((await svc.app.inject({ url: '/retention', headers: teacher })).statusCode).toBe(403);
    expect((await svc.app.inject({ method: 'POST', url: '/retention/run', headers: teacher })).statusCode).toBe(403);
  });
});
