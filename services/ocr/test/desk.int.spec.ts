import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../src/config';
import { RematchRequest } from '../src/modules/matching/rematch-request.entity';
import { scheduleRematch } from '../src/modules/matching/rematch-scheduler';
import { Reading } from '../src/modules/reading/reading.entity';
import { service } from '../src/service';
import { assembleCopy, collectReadEvents, examData, publishPupils, pupil } from './fixtures';

jest.setTimeout(90_000);

// The reading routes (who may call them), re-runs and re-matches on request, identifications from
// the exam service, copies that arrive before their exam, and the retention purge.
describe('the identification desk’s readings', () => {
  let svc: TestService<Config>;
  let read: ReturnType<typeof collectReadEvents>;
  const tenantId = randomUUID();
  const otherTenant = randomUUID();
  const examId = randomUUID();
  const blanc = pupil('Blanc', 'Nina', '2011-05-12');
  const roux = pupil('Roux', 'Théo', '2010-09-30');
  const faure = pupil('Faure', 'Inès', '2011-07-07');
  let qrCopy: string;

  beforeAll(async () => {
    svc = await startTestService(service, { env: { OCR_WORKERS: '1', OCR_REMATCH_DELAY_MS: '200' } });
    read = collectReadEvents(svc);
    await svc.publish('exam.exam.created.v1', tenantId, examData(examId, ['3A']));
    await publishPupils(svc, tenantId, [blanc, roux, faure]);
    qrCopy = await assembleCopy(svc, tenantId, examId, null, { sheetStudentId: blanc.studentId });
    await eventually('the QR reading', () => read.of(qrCopy).length > 0);
  });
  afterAll(() => svc.close());

  it('lets staff of the copy’s school only read, re-run and re-match (authorisation matrix)', async () => {
    const routes = [
      { method: 'GET' as const, url: () => `/copies/${qrCopy}/reading`, ok: 200 },
      { method: 'POST' as const, url: () => `/copies/${qrCopy}/reading/rerun`, ok: 409 }, // allowed, but a QR sheet has no crop to read
      { method: 'POST' as const, url: () => `/exams/${examId}/readings/rematch`, ok: 200 },
    ];
    const callers = [
      { role: 'admin' as const, tenant: tenantId, expect: 'ok' },
      { role: 'teacher' as const, tenant: tenantId, expect: 'ok' },
      { role: 'student' as const, tenant: tenantId, expect: 403 },
      { role: 'platform_admin' as const, tenant: '00000000-0000-0000-0000-000000000000', expect: 403 },
      { role: 'admin' as const, tenant: otherTenant, expect: 404 },
      { role: 'teacher' as const, tenant: otherTenant, expect: 404 },
    ];
    const seen: string[] = [];
    for (const route of routes) {
      for (const caller of callers) {
        const headers = await svc.as({ role: caller.role, tenantId: caller.tenant });
        const res = await svc.app.inject({ method: route.method, url: route.url(), headers });
        seen.push(`${route.method} ${route.url()} ${caller.role}@${caller.tenant === tenantId ? 'own' : 'other'} → ${res.statusCode}`);
        expect(`${seen.at(-1)}`).toBe(`${route.method} ${route.url()} ${caller.role}@${caller.tenant === tenantId ? 'own' : 'other'} → ${caller.expect === 'ok' ? route.ok : caller.expect}`);
      }
      expect((await svc.app.inject({ method: route.method, url: route.url() })).statusCode).toBe(401);
    }
  });

  it('answers 404 for a copy it has no reading of, and 422 for a malformed id', async () => {
    const teacher = await svc.as({ role: 'teacher', tenantId });
    expect((await svc.app.inject({ url: `/copies/${randomUUID()}/reading`, headers: teacher })).statusCode).toBe(404);
    const bad = await svc.app.inject({ url: '/copies/not-a-uuid/reading', headers: teacher });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'params.id' }] });
  });

  it('re-reads a header on request, and audits it', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: { ...roux, birthDate: '2010-09-03' }, seed: 11 });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    const before = await svc.deps.orm.em.fork().findOneOrFail(Reading, { copyId });
    const teacher = await svc.as({ role: 'teacher', tenantId });
    const res = await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/reading/rerun`, headers: teacher });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ copyId, decision: 'SUGGEST', fields: { lastName: 'ROUX' } });
    const after = await svc.deps.orm.em.fork().findOneOrFail(Reading, { copyId });
    expect(after.readAt.getTime()).toBeGreaterThan(before.readAt.getTime());
    const admin = await svc.as({ role: 'admin', tenantId });
    const audit = await svc.app.inject({ url: `/admin/audit?action=reading.rerun&subjectId=${copyId}`, headers: admin });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ actor: { kind: 'user', role: 'teacher' } }] });
  });

  it('re-matches an exam on request from what was read, republishing only what changed', async () => {
    const teacher = await svc.as({ role: 'teacher', tenantId });
    const published = async () => (await svc.deps.orm.em.fork().getConnection().execute(`select count(*)::int as n from outbox where type = 'ocr.copy.read.v1'`))[0]!.n as number;
    const before = await published();
    const res = await svc.app.inject({ method: 'POST', url: `/exams/${examId}/readings/rematch`, headers: teacher });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ examId, changed: 0 });
    expect(res.json().matched).toBeGreaterThan(0);
    expect(await published()).toBe(before);
    expect((await svc.app.inject({ method: 'POST', url: `/exams/${randomUUID()}/readings/rematch`, headers: teacher })).statusCode).toBe(404);
  });

  it('takes a person’s identification as final, and re-matches without the student when an AUTO one is undone', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, null, { sheetStudentId: faure.studentId });
    await eventually('the QR reading', () => read.of(copyId).at(-1)?.decision === 'AUTO');
    await svc.publish('exam.copy.identified.v1', tenantId, { copyId, examId, studentId: faure.studentId, method: 'qr', confidence: 1 });
    const teacher = await svc.as({ role: 'teacher', tenantId });
    await eventually('the identification', async () => (await svc.app.inject({ url: `/copies/${copyId}/reading`, headers: teacher })).json().identifiedStudentId === faure.studentId);
    expect((await svc.app.inject({ method: 'POST', url: `/copies/${copyId}/reading/rerun`, headers: teacher })).statusCode).toBe(409);
    await svc.publish('exam.copy.unidentified.v1', tenantId, { copyId, examId, previousStudentId: faure.studentId });
    await eventually('the copy re-matched', () => read.of(copyId).at(-1)?.decision !== 'AUTO', 20_000);
    const reading = await svc.deps.orm.em.fork().findOneOrFail(Reading, { copyId });
    expect(reading.rejectedStudentIds).toEqual([faure.studentId]);
  });

  it('gathers a burst of roster changes into one pending re-match per exam, keeping the first time', async () => {
    const exam = randomUUID();
    const first = new Date(Date.now() + 60_000); // far enough that the worker leaves it alone
    await svc.deps.orm.em.fork().transactional(async (em) => {
      await scheduleRematch(em, tenantId, [exam, exam], 'roster', first);
      await scheduleRematch(em, tenantId, [exam], 'roster-import', new Date(Date.now() + 120_000));
    });
    const rows = await svc.deps.orm.em.fork().find(RematchRequest, { examId: exam });
    expect(rows.map((r) => [r.dueAt.getTime(), r.reason])).toEqual([[first.getTime(), 'roster-import']]);
    await svc.deps.orm.em.fork().nativeDelete(RematchRequest, { examId: exam });
  });

  it('reads a copy that arrived before its exam once the exam is known', async () => {
    const laterExam = randomUUID();
    const copyId = await assembleCopy(svc, tenantId, laterExam, null, { sheetStudentId: roux.studentId });
    await svc.publish('exam.exam.created.v1', tenantId, examData(laterExam, ['3A']));
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    expect(read.of(copyId)[0]).toMatchObject({ decision: 'AUTO', studentId: roux.studentId });
    expect((await svc.deadLetters.list()).items).toEqual([]);
  });

  it('deletes its rows of purged exams (tenant-scoped) and audits the purge as a system action', async () => {
    const otherExam = randomUUID();
    await svc.publish('exam.exam.created.v1', otherTenant, examData(otherExam, ['3A']));
    const otherCopy = await assembleCopy(svc, otherTenant, otherExam, null, { sheetStudentId: randomUUID() });
    await eventually('the other school’s reading', () => read.of(otherCopy).length > 0);
    // The other school's exam id in this school's purge must not touch it.
    await svc.publish('export.retention.purged.v1', tenantId, { examIds: [examId, otherExam], copies: 3, objects: 3 });
    const em = () => svc.deps.orm.em.fork();
    await eventually('the purge', async () => (await em().count(Reading, { examId })) === 0);
    expect(await em().count(Reading, { examId: otherExam })).toBe(1);
    const teacher = await svc.as({ role: 'teacher', tenantId });
    expect((await svc.app.inject({ url: `/copies/${qrCopy}/reading`, headers: teacher })).statusCode).toBe(404);
    const admin = await svc.as({ role: 'admin', tenantId });
    const audit = await svc.app.inject({ url: `/admin/audit?action=retention.purged&subjectId=${examId}`, headers: admin });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ actor: { kind: 'system', name: 'retention' } }] });
  });
});
