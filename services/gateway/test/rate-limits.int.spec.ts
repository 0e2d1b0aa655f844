import { randomUUID } from 'node:crypto';
import { startFakeService, type FakeService } from './support/upstream';
import { startTestGateway, type TestGateway } from './support/gateway';

const LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: '8',
  RATE_LIMIT_USER_PER_MINUTE: '4',
  RATE_LIMIT_AUTH_PER_MINUTE: '2',
  RATE_LIMIT_UPLOAD_PER_HOUR: '2',
  // One trusted proxy in front: each test speaks as its own client address.
  TRUST_PROXY_HOPS: '1',
};

// Throttling as clients meet it: per address, per user, stricter on sign-in and uploads, 429 with
// Retry-After; with Redis, two gateway replicas share one count.
describe('gateway rate limits', () => {
  let identity: FakeService;
  let gateway: TestGateway;
  let replicas: TestGateway[];
  const tenantId = randomUUID();

  beforeAll(async () => {
    identity = await startFakeService('identity');
    gateway = await startTestGateway({ ...LIMITS, IDENTITY_URL: identity.url, INGESTION_URL: identity.url }, { background: false });
    const shared = { ...LIMITS, IDENTITY_URL: identity.url, REDIS_URL: 'redis://127.0.0.1:6379', RATE_LIMIT_PREFIX: `test:${randomUUID()}:` };
    replicas = [await startTestGateway(shared, { background: false }), await startTestGateway(shared, { background: false, issuer: gateway.issuer })];
  });
  afterAll(async () => {
    for (const g of [...replicas, gateway]) await g.close();
    await identity.close();
  });

  const statuses = async (count: number, send: (i: number) => Promise<Response>) => {
    const out: Response[] = [];
    for (let i = 0; i < count; i += 1) out.push(await send(i));
    return out;
  };
  const from = (address: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...extra });

  it('limits each client address, and answers 429 problem+json with Retry-After', async () => {
    const answers = await statuses(9, () => fetch(`${gateway.url}/api/v1/.well-known/jwks.json`, { headers: from('203.0.113.1') }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const refused = answers[8]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect((await fetch(`${gateway.url}/api/v1/.well-known/jwks.json`, { headers: from('203.0.113.2') })).status).toBe(200);
  });

  it('is stricter on sign-in attempts', async () => {
    const login = (address: string) => fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST', headers: from(address, { 'content-type': 'application/json' }), body: '{}' });
    const answers = await statuses(3, () => login('203.0.113.10'));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
    expect((await login('203.0.113.11')).status).toBe(200);
  });

  it('counts the set-password page against the same sign-in limit, and tells a person so in HTML', async () => {
    const address = '203.0.113.12';
    const logins = await statuses(2, () =>
      fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST', headers: from(address, { 'content-type': 'application/json' }), body: '{}' }),
    );
    expect(logins.map((r) => r.status)).toEqual([200, 200]);
    const form = new URLSearchParams({ token: 'a-link-token', password: 'amber lantern river 77', confirmation: 'amber lantern river 77' });
    const refused = await fetch(`${gateway.url}/set-password`, { method: 'POST', headers: from(address), body: form });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await refused.text()).toContain('Too many attempts');
    expect(identity.seen.filter((r) => r.url === '/auth/set-password')).toHaveLength(0);
  });

  it('limits each user across addresses, and uploads per user more strictly', async () => {
    const userId = randomUUID();
    const auth = await gateway.as({ role: 'teacher', tenantId, userId });
    const answers = await statuses(5, (i) => fetch(`${gateway.url}/api/v1/me`, { headers: from(`203.0.113.${20 + i}`, auth) }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 429]);
    const other = await gateway.as({ role: 'teacher', tenantId });
    expect((await fetch(`${gateway.url}/api/v1/me`, { headers: from('203.0.113.30', other) })).status).toBe(200);

    const uploader = await gateway.as({ role: 'teacher', tenantId });
    const upload = (i: number) =>
      fetch(`${gateway.url}/api/v1/exams/e1/batches`, { method: 'POST', headers: from(`203.0.113.${40 + i}`, { ...uploader, 'content-type': 'application/pdf' }), body: 'x' });
    expect((await statuses(3, upload)).map((r) => r.status)).toEqual([200, 200, 429]);
    // Following a batch is not uploading one.
    expect((await fetch(`${gateway.url}/api/v1/exams/e1/batches`, { headers: from('203.0.113.50', uploader) })).status).toBe(200);
  });

  it('shares the count between two replicas through Redis', async () => {
    const answers = await statuses(9, (i) => fetch(`${replicas[i % 2]!.url}/api/v1/.well-known/jwks.json`, { headers: from('198.51.100.7') }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
  });
});
