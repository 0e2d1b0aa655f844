import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { PLATFORM_TENANT_ID, type WebhookCreated, type WebhookDeliveryPage } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { verifySignature } from '../src/modules/webhooks/signature';
import { startTestGateway, type TestGateway } from './support/gateway';

interface Hit {
  hook: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// An integrator's view: subscribe, receive signed events, survive a failing endpoint, read the
// delivery log, redeliver; and a school admin's guard rails (versions, tenants, roles).
describe('gateway webhooks', () => {
  let gateway: TestGateway;
  let receiver: FastifyInstance;
  let receiverUrl: string;
  const hits: Hit[] = [];
  const answers: Record<string, number[]> = {};
  const tenantId = randomUUID();
  const otherTenant = randomUUID();

  beforeAll(async () => {
    receiver = Fastify();
    receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) => done(null, body));
    // One path per subscription, so each test scripts its own endpoint's answers.
    receiver.post<{ Params: { hook: string } }>('/hook/:hook', async (request, reply) => {
      const { hook } = request.params;
      hits.push({ hook, headers: request.headers, body: request.body as string });
      return reply.code(answers[hook]?.shift() ?? 200).send('ok');
    });
    await receiver.listen({ port: 0, host: '127.0.0.1' });
    receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
    gateway = await startTestGateway({
      WEBHOOKS_ALLOW_HTTP: 'true',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_SCHEDULE: '200ms,200ms',
      WEBHOOK_POLL_INTERVAL_MS: '100',
    });
  });
  afterAll(async () => {
    await gateway.close();
    await receiver.close();
  });

  const admin = (tenant = tenantId) => gateway.as({ role: 'admin', tenantId: tenant });
  const api = async (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    gateway.app.inject({ method: method as 'GET', url: `/api/v1${path}`, headers, ...(body === undefined ? {} : { payload: body as object }) });
  const subscribe = async (eventTypes: string[], hook: string = randomUUID()) =>
    (await api('POST', '/webhooks', await admin(), { url: `${receiverUrl}/${hook}`, eventTypes })).json<WebhookCreated>();
  const release = (tenant = tenantId) =>
    gateway.publish('exam.results.released.v1', tenant, { examId: randomUUID(), copyIds: [randomUUID()], releasedAt: new Date().toISOString() });

  it('shows the signing secret once, at creation', async () => {
    const res = await api('POST', '/webhooks', await admin(), { url: `${receiverUrl}/lms`, eventTypes: ['ingestion.*'], description: 'LMS sync' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const created = res.json<WebhookCreated>();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const read = await api('GET', `/webhooks/${created.id}`, await admin());
    expect(read.json()).toEqual({ ...created, secret: undefined });
    expect(read.body).not.toContain(created.secret);
    expect((await api('GET', '/webhooks', await admin())).body).not.toContain(created.secret);
  });

  it('delivers a matching event, signed with the subscription’s secret', async () => {
    const { secret } = await subscribe(['exam.results.released.v1']);
    const eventId = await release();
    await eventually('the delivery', () => hits.some((h) => h.body.includes(eventId)));
    const hit = hits.find((h) => h.body.includes(eventId))!;
    const timestamp = Number(hit.headers['x-gradeline-timestamp']);
    expect(verifySignature(secret, timestamp, hit.body, hit.headers['x-gradeline-signature'] as string)).toBe(true);
    expect(verifySignature('whsec_wrong', timestamp, hit.body, hit.headers['x-gradeline-signature'] as string)).toBe(false);
    expect(hit.headers['x-gradeline-event']).toBe('exam.results.released.v1');
    expect(hit.headers['x-gradeline-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(hit.body)).toMatchObject({ id: eventId, type: 'exam.results.released.v1', tenantId });
  });

  it('retries after a failure and keeps a delivery log; redelivers on request', async () => {
    const { id } = await subscribe(['exam.*'], 'flaky');
    answers['flaky'] = [500];
    const eventId = await release();
    const log = async () => (await api('GET', `/webhooks/${id}/deliveries`, await admin())).json<WebhookDeliveryPage>();
    await eventually('the retried delivery', async () => (await log()).items[0]?.status === 'delivered');
    const [delivery] = (await log()).items;
    expect(delivery).toMatchObject({ eventId, eventType: 'exam.results.released.v1', attempts: 2, lastStatusCode: 200, lastError: null });
    const mine = () => hits.filter((h) => h.hook === 'flaky' && h.body.includes(eventId));
    expect(mine()).toHaveLength(2);

    const again = await api('POST', `/webhooks/${id}/deliveries/${delivery!.id}/redeliver`, await admin());
    expect(again.statusCode).toBe(202);
    await eventually('the redelivery', () => mine().length === 3);
    expect(mine().every((h) => h.headers['x-gradeline-delivery'] === delivery!.id)).toBe(true);
  });

  it('gives up after the retry schedule and says why', async () => {
    const { id } = await subscribe(['exam.results.withdrawn.v1'], 'down');
    answers['down'] = [503, 503, 503];
    await gateway.publish('exam.results.withdrawn.v1', tenantId, { examId: randomUUID(), copyIds: [] });
    const log = async () => (await api('GET', `/webhooks/${id}/deliveries?status=failed`, await admin())).json<WebhookDeliveryPage>();
    await eventually('the failed delivery', async () => (await log()).total === 1);
    expect((await log()).items[0]).toMatchObject({ attempts: 3, lastStatusCode: 503, lastError: 'http_503', nextAttemptAt: null });
  });

  it('sends nothing for another school’s events', async () => {
    await subscribe(['exam.results.released.v1'], 'school');
    const foreign = await release(otherTenant);
    const marker = await release();
    await eventually('the later event', () => hits.some((h) => h.hook === 'school' && h.body.includes(marker)));
    expect(hits.some((h) => h.body.includes(foreign))).toBe(false);
  });

  it('requires If-Match to change or delete, and answers a stale one with the current state', async () => {
    const { id } = await subscribe(['identity.*']);
    const auth = await admin();
    expect((await api('PATCH', `/webhooks/${id}`, auth, { active: false })).statusCode).toBe(428);
    const ok = await api('PATCH', `/webhooks/${id}`, { ...auth, 'if-match': '"1"' }, { active: false });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await api('PATCH', `/webhooks/${id}`, { ...auth, 'if-match': '"1"' }, { active: true });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { id, version: 2, active: false } });
    expect((await api('PATCH', `/webhooks/${id}`, { ...auth, 'if-match': '"2"' }, { eventTypes: ['nope.*'] })).statusCode).toBe(422);
    // Changing one field leaves the others as they were.
    const narrowed = await api('PATCH', `/webhooks/${id}`, { ...auth, 'if-match': '"2"' }, { eventTypes: ['identity.*', 'exam.*'] });
    expect(narrowed.json()).toMatchObject({ version: 3, active: false, eventTypes: ['identity.*', 'exam.*'] });
    expect((await api('DELETE', `/webhooks/${id}`, { ...auth, 'if-match': '"3"' })).statusCode).toBe(204);
    expect((await api('GET', `/webhooks/${id}`, auth)).statusCode).toBe(404);
  });

  it('records every change in the gateway’s audit log, without secrets', async () => {
    const { id, secret } = await subscribe(['export.*']);
    const res = await gateway.app.inject({ url: `/admin/audit?subjectId=${id}`, headers: await admin() });
    expect(res.json()).toMatchObject({ total: 1, items: [{ service: 'gateway', action: 'webhook.created', subjectType: 'webhook', subjectId: id }] });
    expect(res.body).not.toContain(secret);
  });

  it('lets only school admins manage their own school’s webhooks', async () => {
    const { id } = await subscribe(['exam.*']);
    const cases: Array<[string, Record<string, string>, number]> = [
      ['no token', {}, 401],
      ['teacher', await gateway.as({ role: 'teacher', tenantId }), 403],
      ['student', await gateway.as({ role: 'student', tenantId }), 403],
      ['platform admin', await gateway.as({ role: 'platform_admin', tenantId: PLATFORM_TENANT_ID }), 403],
      ['admin of another school', await admin(otherTenant), 404],
      ['admin of this school', await admin(), 200],
    ];
    for (const [who, headers, status] of cases) {
      for (const path of [`/webhooks/${id}`, `/webhooks/${id}/deliveries`]) {
        expect([who, path, (await api('GET', path, headers)).statusCode]).toEqual([who, path, status]);
      }
    }
    expect((await api('GET', '/webhooks', await admin(otherTenant))).json()).toEqual({ items: [] });
  });
});
