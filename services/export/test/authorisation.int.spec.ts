import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type ExamStats } from '@gradeline/contracts';
import { service } from '../src/service';
import { type Config } from '../src/config';
import { ExportJob } from '../src/modules/exports/export-job.entity';
import { finalize, renderedCopy, seedExam, type SeededExam } from './support/scenario';

type Caller = 'admin' | 'owner' | 'lead' | 'teacher' | 'student' | 'platform' | 'otherAdmin' | 'otherTeacher';

// Route × caller (role, own exam or not, own school or not) → status, on one real instance.
describe('who may call what', () => {
  let svc: TestService<Config>;
  let seed: SeededExam;
  let exportId: string;
  const headers = new Map<Caller, { authorization: string }>();

  beforeAll(async () => {
    svc = await startTestService(service, { env: { EXPORT_POLL_INTERVAL: '100' } });
    seed = await seedExam(svc, { copies: 2 });
    await svc.publish('exam.copy.dispatched.v1', seed.tenantId, { copyId: seed.copyIds[0]!, examId: seed.examId, correctorId: seed.ownerId, dispatchId: randomUUID() });
    await finalize(svc, seed, seed.copyIds[0]!, { correctorId: seed.ownerId });
    await renderedCopy(svc, seed.copyIds[0]!);
    const other = randomUUID();
    const callers: Array<[Caller, Parameters<typeof svc.as>[0]]> = [
      ['admin', { role: 'admin', tenantId: seed.tenantId }],
      ['owner', { role: 'teacher', tenantId: seed.tenantId, userId: seed.ownerId }],
      ['lead', { role: 'teacher', tenantId: seed.tenantId, userId: seed.leadId }],
      ['teacher', { role: 'teacher', tenantId: seed.tenantId }],
      ['student', { role: 'student', tenantId: seed.tenantId, studentId: seed.students[0]!.studentId }],
      ['platform', { role: 'platform_admin', tenantId: '00000000-0000-0000-0000-000000000000' }],
      ['otherAdmin', { role: 'admin', tenantId: other }],
      ['otherTeacher', { role: 'teacher', tenantId: other, userId: seed.ownerId }],
    ];
    for (const [name, caller] of callers) headers.set(name, await svc.as(caller));
    const res = await svc.app.inject({ method: 'POST', url: `/exams/${seed.examId}/exports`, headers: headers.get('owner'), payload: { kind: 'results_csv' } });
    exportId = res.json<{ exportId: string }>().exportId;
    await eventually('the export', async () => (await svc.deps.orm.em.fork().findOneOrFail(ExportJob, exportId)).status === 'done');
  });
  afterAll(() => svc.close());

  const routes = () => [
    { name: 'POST exports', method: 'POST' as const, url: `/exams/${seed.examId}/exports`, payload: { kind: 'zip' }, ok: 202 },
    { name: 'GET exam exports', method: 'GET' as const, url: `/exams/${seed.examId}/exports`, ok: 200 },
    { name: 'GET export', method: 'GET' as const, url: `/exports/${exportId}`, ok: 200 },
    { name: 'GET download', method: 'GET' as const, url: `/exports/${exportId}/download`, ok: 200 },
    { name: 'GET stats', method: 'GET' as const, url: `/exams/${seed.examId}/stats`, ok: 200 },
    { name: 'GET charter', method: 'GET' as const, url: '/charter', ok: 200 },
    { name: 'GET retention', method: 'GET' as const, url: '/retention', ok: 200 },
    { name: 'GET my results', method: 'GET' as const, url: '/me/results', ok: 200 },
    { name: 'GET my charter', method: 'GET' as const, url: '/me/charter', ok: 200 },
  ];

  // ok = the route's success status; 403 = no permission or not the exam's manager; 404 = another school.
  const expected: Record<string, Record<Caller, number | 'ok'>> = {
    'POST exports': { admin: 'ok', owner: 'ok', lead: 'ok', teacher: 403, student: 403, platform: 403, otherAdmin: 404, otherTeacher: 404 },
    'GET exam exports': { admin: 'ok', owner: 'ok', lead: 'ok', teacher: 403, student: 403, platform: 403, otherAdmin: 404, otherTeacher: 404 },
    'GET export': { admin: 'ok', owner: 'ok', lead: 'ok', teacher: 403, student: 403, platform: 403, otherAdmin: 404, otherTeacher: 404 },
    'GET download': { admin: 'ok', owner: 'ok', lead: 'ok', teacher: 403, student: 403, platform: 403, otherAdmin: 404, otherTeacher: 404 },
    'GET stats': { admin: 'ok', owner: 'ok', lead: 'ok', teacher: 403, student: 403, platform: 403, otherAdmin: 404, otherTeacher: 404 },
    'GET charter': { admin: 'ok', owner: 403, lead: 403, teacher: 403, student: 403, platform: 403, otherAdmin: 'ok', otherTeacher: 403 },
    'GET retention': { admin: 'ok', owner: 403, lead: 403, teacher: 403, student: 403, platform: 403, otherAdmin: 'ok', otherTeacher: 403 },
    'GET my results': { admin: 403, owner: 403, lead: 403, teacher: 403, student: 'ok', platform: 403, otherAdmin: 403, otherTeacher: 403 },
    'GET my charter': { admin: 403, owner: 403, lead: 403, teacher: 403, student: 'ok', platform: 403, otherAdmin: 403, otherTeacher: 403 },
  };

  it('answers each caller as the permission table, the exam’s staff and the school boundary say', async () => {
    const actual: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const route of routes()) {
      actual[route.name] = {};
      want[route.name] = {};
      for (const [caller, auth] of headers) {
        const res = await svc.app.inject({ method: route.method, url: route.url, headers: auth, ...(route.payload ? { payload: route.payload } : {}) });
        actual[route.name]![caller] = res.statusCode;
        const e = expected[route.name]![caller];
        want[route.name]![caller] = e === 'ok' ? route.ok : e;
      }
    }
    expect(actual).toEqual(want);
  });

  it('refuses anonymous callers everywhere', async () => {
    for (const route of routes()) expect([route.name, (await svc.app.inject({ method: route.method, url: route.url })).statusCode]).toEqual([route.name, 401]);
  });

  it('shows corrector figures to leads and admins, not to the exam’s owner', async () => {
    const asLead = (await svc.app.inject({ url: `/exams/${seed.examId}/stats`, headers: headers.get('lead') })).json<ExamStats>();
    expect(asLead).toMatchObject({ copies: 2, graded: 1, marks: { count: 1, mean: 15.5 } });
    expect(asLead.correctors).toEqual([{ correctorId: seed.ownerId, assigned: 1, graded: 1, progress: 1, mean: 15.5, spread: 0 }]);
    const asOwner = (await svc.app.inject({ url: `/exams/${seed.examId}/stats`, headers: headers.get('owner') })).json<ExamStats>();
    expect(asOwner.correctors).toBeNull();
    expect(asOwner.nodes.map((n) => n.successRate)).toEqual([0.81, 0.83, 0.8, 0.75]);
  });
});
