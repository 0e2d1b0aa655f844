import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createTestIssuer, type TestIssuer } from '@gradeline/auth/testing';
import { PLATFORM_TENANT_ID } from '@gradeline/contracts';
import { deadUrl, startFakeService, type FakeService } from './support/upstream';
import { startTestGateway, type TestGateway } from './support/gateway';

const SMALL = Buffer.from(JSON.stringify({ copyId: 'c1', version: 7, note: 'é'.repeat(500) }));
const LARGE = Buffer.alloc(300 * 1024, 7);

// The front door as a client meets it: each public path reaches its owning service with path,
// query and request id intact; refusals (no route, no service, bad token) happen at the gateway.
describe('gateway routing and token checks', () => {
  let gateway: TestGateway;
  let stranger: TestIssuer;
  const fakes: Record<string, FakeService> = {};
  const tenantId = randomUUID();

  beforeAll(async () => {
    for (const name of ['identity', 'exam', 'ingestion', 'ocr']) fakes[name] = await startFakeService(name);
    fakes.export = await startFakeService('export', (app) => {
      app.get('/exports/small', (_request, reply) => reply.header('etag', '"7"').type('application/json').send(SMALL));
      app.get('/exports/large', (_request, reply) => reply.type('application/octet-stream').send(LARGE));
      app.get('/exports/broken', (request, reply) => {
        // Declares 100 bytes, sends 10, then the connection dies: an upstream crashing mid-answer.
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        reply.raw.write('{"partial"', () => request.raw.socket.destroy());
      });
    });
    gateway = await startTestGateway({
      IDENTITY_URL: fakes.identity!.url,
      EXAM_URL: fakes.exam!.url,
      INGESTION_URL: fakes.ingestion!.url,
      OCR_URL: fakes.ocr!.url,
      EXPORT_URL: fakes.export!.url,
      GRADING_URL: await deadUrl(),
      CORS_ORIGINS: 'https://app.school.example',
      WEBHOOKS_ALLOW_HTTP: 'true',
    });
    stranger = await createTestIssuer();
  });
  afterAll(async () => {
    await gateway.close();
    await stranger.close();
    await Promise.all(Object.values(fakes).map((f) => f.close()));
  });
  beforeEach(() => Object.values(fakes).forEach((f) => (f.seen.length = 0)));

  const teacher = () => gateway.as({ role: 'teacher', tenantId });
  const get = async (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers });

  it.each([
    ['/api/v1/exams/e1/scheme?version=2&x=%C3%A9', 'exam', '/exams/e1/scheme?version=2&x=%C3%A9'],
    ['/api/v1/exams/e1/batches?page=3', 'ingestion', '/exams/e1/batches?page=3'],
    ['/api/v1/copies/c1/reading', 'ocr', '/copies/c1/reading'],
    ['/api/v1/me/results/r1/pdf', 'export', '/me/results/r1/pdf'],
    ['/api/v1/me', 'identity', '/me'],
  ])('sends %s to %s as %s', async (path, service, upstreamPath) => {
    const res = await get(path, await teacher());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service, method: 'GET', url: upstreamPath });
    expect(fakes[service]!.seen).toHaveLength(1);
  });

  it('sends the exam its status command on a path grading also serves', async () => {
    const res = await fetch(`${gateway.url}/api/v1/exams/e1/grading`, { method: 'POST', headers: await teacher() });
    expect(await res.json()).toEqual({ service: 'exam', method: 'POST', url: '/exams/e1/grading' });
    expect(fakes.exam!.seen).toHaveLength(1);
  });

  it('lets public routes through without a token, and maps signed file links onto the service', async () => {
    const login = await fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"u"}' });
    expect(await login.json()).toEqual({ service: 'identity', method: 'POST', url: '/auth/login' });
    expect(await (await get('/api/v1/.well-known/jwks.json')).json()).toMatchObject({ service: 'identity' });
    expect(await (await get('/api/v1/files/exam/abc.def')).json()).toEqual({ service: 'exam', method: 'GET', url: '/files/abc.def' });
  });

  it('forwards the request id (or makes one), the caller’s address, trace context and token, never hop-by-hop headers', async () => {
    const auth = await teacher();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await get('/api/v1/exams', { ...auth, 'x-request-id': 'req-123', traceparent, 'x-forwarded-for': '6.6.6.6', 'proxy-authorization': 'x' });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    const seen = fakes.exam!.seen[0]!.headers;
    expect(seen).toMatchObject({ 'x-request-id': 'req-123', traceparent, authorization: auth.authorization, 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' });
    expect(seen['proxy-authorization']).toBeUndefined();
    await get('/api/v1/exams', auth);
    const generated = fakes.exam!.seen[1]!.headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  // fetch() would resolve `..` itself: send the path as written, as a hostile client would.
  const rawGet = (path: string, headers: Record<string, string>) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const { hostname, port } = new URL(gateway.url);
      http.get({ hostname, port, path, headers }, (res) => resolve(res.resume())).on('error', reject);
    });

  it('answers 404 problem+json for unknown paths and ambiguous ones, without calling anyone', async () => {
    for (const path of ['/api/v1/nothing/here', '/api/v1/exams/../users', '/api/v1/exams/%2e%2e/users', '/api/v1/examsx']) {
      const res = await rawGet(path, await teacher());
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(Object.values(fakes).every((f) => f.seen.length === 0)).toBe(true);
  });

  it('passes answers on byte for byte with their status and headers, small or large', async () => {
    const small = await get('/api/v1/exports/small', await teacher());
    expect(small.status).toBe(200);
    expect(small.headers.get('etag')).toBe('"7"');
    expect(small.headers.get('content-length')).toBe(String(SMALL.length));
    expect(Buffer.from(await small.arrayBuffer()).equals(SMALL)).toBe(true);
    const large = await get('/api/v1/exports/large', await teacher());
    expect(large.headers.get('content-length')).toBe(String(LARGE.length));
    expect(Buffer.from(await large.arrayBuffer()).equals(LARGE)).toBe(true);
  });

  it('answers 503 rather than a truncated answer when a service dies in the middle of a small one', async () => {
    const res = await get('/api/v1/exports/broken', await teacher());
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'upstream_unavailable', status: 503 });
  });

  it('answers 503 upstream_unavailable when the owning service is down', async () => {
    const res = await get('/api/v1/copies/c1/grading', await teacher());
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'upstream_unavailable', status: 503 });
  });

  describe('refuses bad tokens before any service sees the request', () => {
    const tamper = (token: string) => {
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      return [header, Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url'), signature].join('.');
    };
    const unsigned = (token: string) => {
      const payload = token.split('.')[1];
      return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    };
    it.each([
      ['missing', async () => ({})],
      ['expired', async () => gateway.as({ role: 'teacher', tenantId, expiresIn: -60 })],
      ['signed by another key', async () => stranger.bearer({ role: 'teacher', tid: tenantId })],
      ['tampered', async () => ({ authorization: `Bearer ${tamper(await gateway.issuer.sign({ role: 'teacher', tid: tenantId }))}` })],
      ['unsigned (alg none)', async () => ({ authorization: `Bearer ${unsigned(await gateway.issuer.sign({ role: 'teacher', tid: tenantId }))}` })],
    ])('%s → 401', async (_case, headers) => {
      const res = await get('/api/v1/exams', (await headers()) as Record<string, string>);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
      expect(fakes.exam!.seen).toHaveLength(0);
    });
  });

  it('forwards /admin/tenants to identity for platform admins only', async () => {
    const ops = await gateway.as({ role: 'platform_admin', tenantId: PLATFORM_TENANT_ID });
    expect(await (await get('/api/v1/admin/tenants?active=true', ops)).json()).toEqual({ service: 'identity', method: 'GET', url: '/tenants?active=true' });
    const admin = await gateway.as({ role: 'admin', tenantId });
    expect((await get('/api/v1/admin/tenants', admin)).status).toBe(403);
    expect(fakes.identity!.seen).toHaveLength(1);
  });

  it('tells a platform admin who must change their password so, as every service does, on /admin/tenants', async () => {
    const firstSignIn = { authorization: `Bearer ${await gateway.issuer.sign({ role: 'platform_admin', tid: PLATFORM_TENANT_ID, scp: 'password_change' })}` };
    const res = await get('/api/v1/admin/tenants', firstSignIn);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'password_change_required' });
    expect(fakes.identity!.seen).toHaveLength(0);
  });

  it('sets security headers on proxied and own answers', async () => {
    for (const res of [await get('/api/v1/exams', await teacher()), await get('/docs/openapi.json')]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('allows cross-origin calls from listed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/api/v1/exams`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    const listed = await preflight('https://app.school.example');
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.school.example');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await get('/api/v1/exams', { ...(await teacher()), origin: 'https://evil.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(fakes.exam!.seen.filter((s) => s.method === 'OPTIONS')).toHaveLength(0);
  });

  it('refuses webhook targets on private, loopback or link-local addresses (SSRF)', async () => {
    const admin = await gateway.as({ role: 'admin', tenantId });
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://10.1.2.3/x']) {
      const res = await fetch(`${gateway.url}/api/v1/webhooks`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ url, eventTypes: ['exam.*'] }),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'webhook_target_invalid' });
    }
    const list = await fetch(`${gateway.url}/api/v1/webhooks`, { headers: admin });
    expect(await list.json()).toEqual({ items: [] });
  });
});
