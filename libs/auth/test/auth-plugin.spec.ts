import { createLogger, createServer, type KitServer } from '@gradeline/kit';
import { Writable } from 'node:stream';
import { assertSameTenant, authPlugin, createJwtVerifier, requirePermission, requirePrincipal } from '../src';
import { createTestIssuer, type TestIssuer } from '../src/testing';

const schoolA = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const schoolB = '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2f1e';
const teacherId = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';

/** A service-shaped app: the kit's server (problem+json), the auth plugin, a few routes. */
async function buildApp(issuer: TestIssuer, logLines: string[]): Promise<KitServer> {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const app = createServer({ service: 'auth-test', logger: createLogger({ service: 'auth-test', level: 'debug', destination }) });
  await app.register(authPlugin, { verifier: createJwtVerifier({ jwksUrl: issuer.jwksUrl }) });
  app.get('/me', async (request) => requirePrincipal(request));
  app.get('/status', { config: { public: true } }, async (request) => ({ ok: true, principal: request.principal ?? null }));
  app.post('/me/password', { config: { allowPasswordChange: true } }, async () => ({ changed: true }));
  app.post('/copies/:id/reopen', { preHandler: requirePermission('copies:reopen') }, async () => ({ reopened: true }));
  app.get<{ Params: { tenant: string } }>('/schools/:tenant/exams', async (request) => {
    assertSameTenant(requirePrincipal(request), request.params.tenant);
    return { exams: [] };
  });
  await app.ready();
  return app;
}

describe('authPlugin', () => {
  let issuer: TestIssuer;
  let app: KitServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    issuer = await createTestIssuer();
    app = await buildApp(issuer, logLines);
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('answers 401 problem+json with a Bearer challenge when there is no token', async () => {
    const answer = await app.inject({ method: 'GET', url: '/me' });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="gradeline"');
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('answers 401 with error="invalid_token" for a bad or expired token, and for another scheme', async () => {
    for (const authorization of ['Bearer not.a.token', `Bearer ${await issuer.sign({}, { expiresIn: -120 })}`]) {
      const answer = await app.inject({ method: 'GET', url: '/me', headers: { authorization } });
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="gradeline", error="invalid_token"');
    }
    const basic = await app.inject({ method: 'GET', url: '/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
  });

  it('sets request.principal from a good token', async () => {
    const answer = await app.inject({ method: 'GET', url: '/me', headers: await issuer.bearer({ sub: teacherId, tid: schoolA }) });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ userId: teacherId, tenantId: schoolA, role: 'teacher', scope: 'full' });
  });

  it("puts the caller's tenantId and userId on the request's log lines", async () => {
    logLines.length = 0;
    await app.inject({ method: 'GET', url: '/me', headers: await issuer.bearer({ sub: teacherId, tid: schoolA }) });
    const completed = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'request completed');
    expect(completed).toMatchObject({ tenantId: schoolA, userId: teacherId });
    expect(logLines.join('\n')).not.toContain('eyJ'); // no token in the logs
  });

  it('lets anyone reach a public route, without a principal', async () => {
    const answer = await app.inject({ method: 'GET', url: '/status' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ ok: true, principal: null });
  });

  it('confines a password-change token to the routes that allow it', async () => {
    const headers = await issuer.bearer({ tid: schoolA, scp: 'password_change' });
    const elsewhere = await app.inject({ method: 'GET', url: '/me', headers });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ code: 'password_change_required' });
    const change = await app.inject({ method: 'POST', url: '/me/password', headers });
    expect(change.statusCode).toBe(200);
  });

  it('refuses with 403 forbidden a role the permission is not granted to', async () => {
    const teacher = await app.inject({ method: 'POST', url: '/copies/1/reopen', headers: await issuer.bearer({ role: 'teacher' }) });
    expect(teacher.statusCode).toBe(403);
    expect(teacher.json()).toMatchObject({ code: 'forbidden' });
    const admin = await app.inject({ method: 'POST', url: '/copies/1/reopen', headers: await issuer.bearer({ role: 'admin' }) });
    expect(admin.statusCode).toBe(200);
  });

  it("answers 404 for another school's things, exactly as for things that do not exist", async () => {
    const headers = await issuer.bearer({ tid: schoolA, role: 'admin' });
    expect((await app.inject({ method: 'GET', url: `/schools/${schoolA}/exams`, headers })).statusCode).toBe(200);
    const other = await app.inject({ method: 'GET', url: `/schools/${schoolB}/exams`, headers });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'not_found' });
  });

  it('asks for a token before saying whether a route exists', async () => {
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/nowhere', headers: await issuer.bearer() })).statusCode).toBe(404);
  });
});
