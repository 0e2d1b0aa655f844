import { randomUUID } from 'node:crypto';
import { type MergedAuditPage, type MergedDeadLetterPage, PLATFORM_TENANT_ID, type PlatformHealth } from '@gradeline/contracts';
import { type FastifyInstance } from 'fastify';
import { freePort } from './support/processes';
import { deadUrl, startFakeService, type FakeService } from './support/upstream';
import { startTestGateway, type TestGateway } from './support/gateway';

const tenantId = randomUUID();

function entry(service: string, at: string) {
  return {
    id: randomUUID(), tenantId, service, actor: { kind: 'system', name: 'test' }, action: `${service}.did`, subjectType: 'thing',
    subjectId: null, outcome: 'success', ip: null, userAgent: null, details: {}, at,
  };
}

function openapi(paths: string[], schemaName: string) {
  const ref = { $ref: `#/components/schemas/${schemaName}` };
  const item = { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: ref } } } } } };
  return { openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: Object.fromEntries(paths.map((p) => [p, item])), components: { schemas: { [schemaName]: { type: 'object' } } } };
}

/** A stand-in service with documents, readiness, audit entries and dead letters of its own. */
function adminSurface(name: string, paths: string[], audit: ReturnType<typeof entry>[]) {
  return (app: FastifyInstance) => {
    app.get('/openapi.json', async () => openapi(paths, 'Exam'));
    app.get('/health/ready', async () => ({ status: 'ok', checks: { database: 'ok', nats: 'ok' } }));
    app.get<{ Querystring: { offset: string; limit: string } }>('/admin/audit', async (request) => {
      const { offset, limit } = request.query;
      return { items: audit.slice(Number(offset), Number(offset) + Number(limit)), total: audit.length };
    });
    app.get('/admin/dead-letters', async () => ({ items: [{ id: `${name}-dl`, firstFailedAt: '2025-01-02T00:00:00.000Z', consumer: `${name}--x` }], total: 1 }));
    app.post<{ Params: { id: string } }>('/admin/dead-letters/:id/replay', async (request) => ({ outcome: 'processed', deadLetter: { id: request.params.id } }));
  };
}

// The operators' and school admins' view across services: one API document, platform health,
// one audit trail and one dead-letter list, each still answering when a service is down.
describe('gateway docs and admin API', () => {
  let gateway: TestGateway;
  let exam: FakeService;
  let identity: FakeService;
  let metricsPort: number;
  const examAudit = [entry('exam', '2025-03-01T10:00:03.000Z'), entry('exam', '2025-03-01T10:00:01.000Z')];
  const identityAudit = [entry('identity', '2025-03-01T10:00:02.000Z')];

  beforeAll(async () => {
    exam = await startFakeService('exam', adminSurface('exam', ['/exams', '/exams/{id}', '/exams/{id}/batches', '/admin/audit'], examAudit));
    identity = await startFakeService('identity', adminSurface('identity', ['/users', '/users/{id}'], identityAudit));
    metricsPort = await freePort();
    gateway = await startTestGateway({ EXAM_URL: exam.url, IDENTITY_URL: identity.url, GRADING_URL: await deadUrl(), METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    await gateway.close();
    await exam.close();
    await identity.close();
  });

  const ops = () => gateway.as({ role: 'platform_admin', tenantId: PLATFORM_TENANT_ID });
  const admin = () => gateway.as({ role: 'admin', tenantId });
  const get = async (url: string, headers: Record<string, string> = {}) => gateway.app.inject({ url, headers });

  it('merges the services’ OpenAPI documents under /api/v1, by owner, without name clashes', async () => {
    const doc = (await get('/docs/openapi.json')).json<{ paths: Record<string, unknown>; components: { schemas: Record<string, unknown> }; info: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/exams', '/api/v1/exams/{id}', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/webhooks']));
    // batches belong to ingestion, /admin/* is no public path of a service
    expect(doc.paths['/api/v1/exams/{id}/batches']).toBeUndefined();
    expect(doc.paths['/api/v1/admin/audit']).toBeDefined(); // the gateway's merged one
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Exam_Exam', 'Identity_Exam']));
    expect(JSON.stringify(doc.paths['/api/v1/users'])).toContain('#/components/schemas/Identity_Exam');
    expect(doc.info['x-unavailable-services']).toEqual(['grading']);
  });

  it('serves the viewer from its own assets, and the event catalogue', async () => {
    const page = await get('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\/(?!gradeline)/);
    expect((await get('/docs/static/swagger-ui-bundle.js')).statusCode).toBe(200);
    expect((await get('/docs/json')).json()).toMatchObject({ info: { title: 'Gradeline API' } });
    const asyncapi = (await get('/docs/asyncapi.json')).json<{ channels: Record<string, unknown> }>();
    expect(Object.keys(asyncapi.channels)).toContain('exam.results.released.v1');
  });

  it('reports the readiness of every service to platform admins', async () => {
    const res = await get('/api/v1/admin/health', await ops());
    expect(res.statusCode).toBe(200);
    const health = res.json<PlatformHealth>();
    const by = Object.fromEntries(health.services.map((s) => [s.service, s]));
    expect(health.status).toBe('degraded');
    expect(by['exam']).toEqual({ service: 'exam', status: 'ok', checks: { database: 'ok', nats: 'ok' } });
    expect(by['grading']?.status).toBe('unavailable');
    expect(by['ocr']?.status).toBe('not_configured');
    expect(by['gateway']).toMatchObject({ status: 'ok', checks: { database: 'ok', nats: 'ok' } });
  });

  it('merges the audit trail of every service by time, naming the one that is down', async () => {
    const auth = await admin();
    const page = (await get('/api/v1/admin/audit?limit=2&offset=1&action=x.y', auth)).json<MergedAuditPage>();
    expect(page.unavailable).toEqual(['grading']);
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.at)).toEqual(['2025-03-01T10:00:02.000Z', '2025-03-01T10:00:01.000Z']);
    const asked = exam.seen.filter((s) => s.url.startsWith('/admin/audit')).at(-1)!;
    expect(asked.url).toContain('action=x.y');
    expect(asked.url).toContain('offset=0&limit=3');
    expect(asked.headers.authorization).toBe(auth.authorization);
  });

  it('lists every service’s dead letters and forwards a replay to the owner', async () => {
    const auth = await ops();
    const page = (await get('/api/v1/admin/dead-letters', auth)).json<MergedDeadLetterPage>();
    expect(page.items.map((i) => [i.service, i.id])).toEqual(expect.arrayContaining([['exam', 'exam-dl'], ['identity', 'identity-dl']]));
    expect(page.unavailable).toEqual(['grading']);
    const replay = await gateway.app.inject({ method: 'POST', url: '/api/v1/admin/dead-letters/exam/exam-dl/replay', headers: auth });
    expect(replay.json()).toEqual({ outcome: 'processed', deadLetter: { id: 'exam-dl' } });
    expect((await gateway.app.inject({ method: 'POST', url: '/api/v1/admin/dead-letters/ocr/x/replay', headers: auth })).statusCode).toBe(404);
  });

  it('serves /metrics on the metrics port only', async () => {
    expect((await get('/metrics')).statusCode).toBe(404);
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('http_request_duration_seconds');
  });

  it('opens each admin route to its role only', async () => {
    const roles = {
      platform_admin: await ops(),
      admin: await admin(),
      teacher: await gateway.as({ role: 'teacher', tenantId }),
      student: await gateway.as({ role: 'student', tenantId }),
      none: {},
    };
    const expected: Record<string, Record<keyof typeof roles, number>> = {
      '/api/v1/admin/health': { platform_admin: 200, admin: 403, teacher: 403, student: 403, none: 401 },
      '/api/v1/admin/audit': { platform_admin: 403, admin: 200, teacher: 403, student: 403, none: 401 },
      '/api/v1/admin/dead-letters': { platform_admin: 200, admin: 403, teacher: 403, student: 403, none: 401 },
      '/api/v1/admin/tenants': { platform_admin: 200, admin: 403, teacher: 403, student: 403, none: 401 },
    };
    for (const [url, byRole] of Object.entries(expected)) {
      for (const [role, status] of Object.entries(byRole)) {
        const res = await get(url, roles[role as keyof typeof roles]);
        expect([url, role, res.statusCode]).toEqual([url, role, status]);
      }
    }
  });
});
