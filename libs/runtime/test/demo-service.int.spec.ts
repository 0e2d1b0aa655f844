import { randomUUID } from 'node:crypto';
import { startTestService, eventually, type TestService } from '../src/testing';
import { directoryService, DirectoryEntry } from './demo/directory';

// One service built on every platform piece, used as a client would: config, server, auth,
// request EntityManager, outbox → relay → JetStream → consumer with inbox, object storage with a
// signed link, health, metrics, dead-letter admin routes.
describe('a service built on the platform, end to end', () => {
  let svc: TestService;
  const tenantId = randomUUID();
  const otherTenant = randomUUID();
  const userId = randomUUID();

  beforeAll(async () => {
    svc = await startTestService(directoryService);
  });
  afterAll(() => svc.close());

  it('is ready, with its database, NATS and storage answering', async () => {
    const res = await svc.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok', nats: 'ok', storage: 'ok' } });
  });

  it('keeps a read model from another service’s events, guarded by tenant', async () => {
    await svc.publish('identity.user.created.v1', tenantId, {
      userId, username: 'jdupont', displayName: 'Jeanne Dupont', role: 'teacher', active: true, studentId: null,
    });
    const admin = await svc.as({ role: 'admin', tenantId });
    await eventually('the entry', async () => (await svc.app.inject({ url: `/directory/${userId}`, headers: admin })).statusCode === 200);
    expect((await svc.app.inject({ url: `/directory/${userId}` })).statusCode).toBe(401);
    const stranger = await svc.as({ role: 'admin', tenantId: otherTenant });
    const res = await svc.app.inject({ url: `/directory/${userId}`, headers: stranger });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('publishes a command’s event through the outbox, and consumes it exactly once', async () => {
    const teacher = await svc.as({ role: 'teacher', tenantId });
    expect((await svc.app.inject({ method: 'POST', url: `/directory/${userId}/deactivate`, headers: teacher })).statusCode).toBe(403);
    const admin = await svc.as({ role: 'admin', tenantId });
    const res = await svc.app.inject({ method: 'POST', url: `/directory/${userId}/deactivate`, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false });
    const em = svc.deps.orm.em.fork();
    await eventually('the deactivation event consumed', async () => (await em.fork().findOneOrFail(DirectoryEntry, userId)).deactivationSeen);
    const inbox = await em.getConnection().execute(`select count(*)::int as n from inbox where consumer = 'identity--deactivations'`);
    expect(inbox).toEqual([{ n: 1 }]);
    const audit = await svc.app.inject({ url: '/admin/audit?action=user.deactivated', headers: admin });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ service: 'identity', subjectId: userId, actor: { kind: 'user', role: 'admin' } }] });
    const stranger = await svc.as({ role: 'admin', tenantId: otherTenant });
    expect((await svc.app.inject({ url: '/admin/audit', headers: stranger })).json()).toMatchObject({ total: 0 });
  });

  it('keeps uploads private, reachable through a short-lived signed link only', async () => {
    const admin = await svc.as({ role: 'admin', tenantId });
    const photo = Buffer.from('not really a jpeg, but bytes are bytes');
    const put = await svc.app.inject({ method: 'PUT', url: `/directory/${userId}/photo`, headers: { ...admin, 'content-type': 'image/jpeg' }, payload: photo });
    expect(put.statusCode).toBe(204);
    const { url } = (await svc.app.inject({ url: `/directory/${userId}/photo-url`, headers: admin })).json<{ url: string }>();
    expect(url).toMatch(/^http:\/\/gradeline\.test\/api\/v1\/files\/identity\//);
    const path = new URL(url).pathname.replace('/api/v1/files/identity', '/files');
    const got = await svc.app.inject({ url: path });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(photo)).toBe(true);
    expect(got.headers['cache-control']).toContain('no-store');
    expect((await svc.app.inject({ url: `${path.slice(0, -3)}xyz` })).statusCode).toBe(403);
  });

  it('counts requests by route template in /metrics and serves the dead-letter admin API to platform admins only', async () => {
    const metrics = (await svc.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/directory\/:id"/);
    const ops = await svc.as({ role: 'platform_admin', tenantId: '00000000-0000-0000-0000-000000000000' });
    expect((await svc.app.inject({ url: '/admin/dead-letters', headers: ops })).statusCode).toBe(200);
    const admin = await svc.as({ role: 'admin', tenantId });
    expect((await svc.app.inject({ url: '/admin/dead-letters', headers: admin })).statusCode).toBe(403);
  });
});
