import { randomBytes } from 'node:crypto';
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TenantCreated, type TokenPair } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { createTestDatabase, linkMailedTo, testNamespace, testNatsUrl, type TestDatabase } from '@gradeline/testing';
import { freePort, runTs, runToEnd, stop, waitReady } from './support/processes';
import { startTestGateway, type TestGateway } from './support/gateway';

// The real identity process behind the gateway: a platform admin signs in through /api/v1, changes
// the one-time password, and reaches identity's tenant list through the admin API with a token
// the gateway verified against identity's own published keys.
describe('gateway in front of the real identity service', () => {
  let database: TestDatabase;
  let identity: ChildProcess | undefined;
  let gateway: TestGateway;
  let password: string;
  let platformToken: string;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('gl_identity_gw_');
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-identity-'));
    const port = await freePort();
    const identityUrl = `http://127.0.0.1:${port}`;
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: database.url,
      NATS_URL: await testNatsUrl(),
      NATS_NAMESPACE: testNamespace(),
      JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
      PUBLIC_URL: 'http://gradeline.test',
      STORAGE_KIND: 'fs',
      STORAGE_FS_ROOT: path.join(dataDir, 'objects'),
      STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      JWT_KEYS_DIR: path.join(dataDir, 'keys'),
      MAIL_DIR: path.join(dataDir, 'mail'),
    };
    const printed = await runToEnd('services/identity/src/create-admin.ts', ['--username', 'ops'], env);
    password = /One-time password: (\S+)/.exec(printed)![1]!;
    identity = runTs('services/identity/src/main.ts', [], env);
    await waitReady(`${identityUrl}/health/ready`);
    gateway = await startTestGateway({ IDENTITY_URL: identityUrl, JWKS_URL: env.JWKS_URL });
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await stop(identity);
    await database.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const call = (method: string, path: string, body?: unknown, token?: string) =>
    fetch(`${gateway.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('signs in, changes the one-time password and lists schools through the gateway', async () => {
    const signIn = await call('POST', '/auth/login', { login: 'ops', password });
    expect(signIn.status).toBe(200);
    const first = (await signIn.json()) as TokenPair;
    expect(first.mustChangePassword).toBe(true);
    const refused = await call('GET', '/admin/tenants', undefined, first.accessToken);
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, 'password_change_required']);

    const changed = await call('POST', '/auth/password', { currentPassword: password, newPassword: `N3w-${randomBytes(12).toString('base64url')}` }, first.accessToken);
    expect(changed.status).toBe(200);
    const tokens = (await changed.json()) as TokenPair;
    platformToken = tokens.accessToken;
    const tenants = await call('GET', '/admin/tenants', undefined, tokens.accessToken);
    expect(tenants.status).toBe(200);
    expect(await tenants.json()).toMatchObject({ items: expect.any(Array) });
  });

  it('refuses a token identity did not sign before identity sees it', async () => {
    const forged = await gateway.issuer.sign({ role: 'platform_admin' });
    const res = await call('GET', '/admin/tenants', undefined, forged);
    expect(res.status).toBe(401);
  });

  it('lets an invited school admin choose a password on the page the invitation link opens', async () => {
    const created = await call('POST', '/admin/tenants', { code: 'college-page', name: 'Collège Page', admin: { username: 'direction', displayName: 'Direction' } }, platformToken);
    expect(created.status).toBe(201);
    const link = new URL(((await created.json()) as TenantCreated).invitation.url!);
    expect(link.pathname).toBe('/set-password');
    const token = link.searchParams.get('token')!;

    const opened = await fetch(`${gateway.url}${link.pathname}${link.search}`);
    expect([opened.status, opened.headers.get('content-type'), opened.headers.get('cache-control')]).toEqual([200, 'text/html; charset=utf-8', 'no-store']);
    // The token is in the address: the page must not hand it to another site.
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await opened.text()).toContain(`name="token" value="${token}"`);

    const submit = (fields: Record<string, string>) => fetch(`${gateway.url}/set-password`, { method: 'POST', body: new URLSearchParams(fields) });
    const chosen = 'amber lantern river 77';
    const mismatch = await submit({ token, password: chosen, confirmation: 'amber lantern river 78' });
    expect([mismatch.status, (await mismatch.text()).includes('The two passwords are not the same.')]).toEqual([422, true]);
    // identity's own policy, through the page; the refused password leaves the link usable.
    const weak = await submit({ token, password: 'short pass', confirmation: 'short pass' });
    expect([weak.status, (await weak.text()).includes('The password must be at least 12 characters long.')]).toEqual([422, true]);

    const done = await submit({ token, password: chosen, confirmation: chosen });
    expect([done.status, (await done.text()).includes('Your password is set')]).toEqual([200, true]);
    const signIn = await call('POST', '/auth/login', { tenant: 'college-page', login: 'direction', password: chosen });
    expect(signIn.status).toBe(200);

    const again = await submit({ token, password: 'another long passphrase', confirmation: 'another long passphrase' });
    expect([again.status, (await again.text()).includes('This link is no longer valid')]).toEqual([410, true]);
    const stillChosen = await call('POST', '/auth/login', { tenant: 'college-page', login: 'direction', password: chosen });
    expect(stillChosen.status).toBe(200);
  });

  it('answers a set-password page opened without its token, or posted without one, with a page saying so', async () => {
    const bare = await fetch(`${gateway.url}/set-password`);
    expect([bare.status, (await bare.text()).includes('This link is incomplete')]).toEqual([400, true]);
    const posted = await fetch(`${gateway.url}/set-password`, { method: 'POST', body: new URLSearchParams({ password: 'x', confirmation: 'x' }) });
    expect(posted.status).toBe(400);
    // A client posting JSON with a token that is no text gets the same page, not a failure.
    const json = await fetch(`${gateway.url}/set-password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 12345, password: 'x', confirmation: 'x' }) });
    expect([json.status, (await json.text()).includes('This link is incomplete')]).toEqual([400, true]);
  });

  it('mails a reset link from the forgot-password page, and the link sets a new password on the page it opens', async () => {
    const created = await call(
      'POST',
      '/admin/tenants',
      { code: 'college-oubli', name: 'Collège Oubli', admin: { username: 'secretariat', displayName: 'Secrétariat', email: 'secretariat@college-oubli.example.org' } },
      platformToken,
    );
    expect(created.status).toBe(201);
    const mailDir = path.join(dataDir, 'mail');
    const mails = () => readMails(mailDir);
    const mailsBefore = (await mails()).length;
    const ask = (fields: Record<string, string>) => fetch(`${gateway.url}/forgot-password`, { method: 'POST', body: new URLSearchParams(fields) });

    const opened = await fetch(`${gateway.url}/forgot-password`);
    expect([opened.status, (await opened.text()).includes('<form method="post" action="forgot-password">')]).toEqual([200, true]);
    const empty = await ask({ school: 'college-oubli', login: ' ' });
    const emptyPage = await empty.text();
    expect([empty.status, emptyPage.includes('Type your username'), emptyPage.includes('value="college-oubli"')]).toEqual([422, true, true]);

    // The same page whether the account exists or not; only the real one gets a mail.
    const unknown = await ask({ school: 'college-oubli', login: 'nobody-here' });
    const sent = await ask({ school: 'college-oubli', login: 'secretariat' });
    expect([unknown.status, sent.status]).toEqual([200, 200]);
    expect(await unknown.text()).toBe(await sent.text());
    let reset: string | undefined;
    await eventually('the reset mail', async () => (reset = (await mails()).find((m) => m.includes('Reset your Gradeline password'))) !== undefined);
    expect(reset).toContain('secretariat@college-oubli.example.org');
    expect((await mails()).length).toBe(mailsBefore + 1);

    const link = new URL((await linkMailedTo(mailDir, 'secretariat@college-oubli.example.org'))!);
    const form = await fetch(`${gateway.url}${link.pathname}${link.search}`);
    expect(form.status).toBe(200);
    const chosen = 'crayon gomme cartable 31';
    const done = await fetch(`${gateway.url}/set-password`, { method: 'POST', body: new URLSearchParams({ token: link.searchParams.get('token')!, password: chosen, confirmation: chosen }) });
    expect(done.status).toBe(200);
    expect((await call('POST', '/auth/login', { tenant: 'college-oubli', login: 'secretariat', password: chosen })).status).toBe(200);
  });
});

/** Every mail identity wrote into `dir` (its MAIL_DIR), as text. */
async function readMails(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.filter((n) => n.endsWith('.eml')).map((n) => fs.readFile(path.join(dir, n), 'utf8')));
}
