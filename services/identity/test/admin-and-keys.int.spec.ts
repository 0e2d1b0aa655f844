import { spawn } from 'node:child_process';
import path from 'node:path';
import { createLocalJwtVerifier } from '@gradeline/auth';
import { PLATFORM_TENANT_ID, type TokenPair } from '@gradeline/contracts';
import { testNatsUrl } from '@gradeline/testing';
import { type JWK, decodeProtectedHeader } from 'jose';
import { generatePrivateJwk } from '../src/modules/sessions/signing-keys';
import { bearer, IdentityTest } from './support/identity-test';

const ROOT = path.resolve(__dirname, '../../..');

async function createAdmin(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; stdout: string }> {
  const proc = spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', 'services/identity/src/create-admin.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  return { code, stdout };
}

describe('the first platform admin, the forced password change, and published keys', () => {
  let t: IdentityTest;
  let keys: JWK[];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    keys = [await generatePrivateJwk(), await generatePrivateJwk()];
    t = await IdentityTest.start({ keys });
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: t.svc.database.url,
      NATS_URL: await testNatsUrl(),
      JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
      PUBLIC_URL: 'http://gradeline.test',
      STORAGE_KIND: 'fs',
      STORAGE_FS_ROOT: t.svc.storeRoot,
    };
  });
  afterAll(() => t.close());

  let oneTime = '';

  it('create-admin prints exactly three lines with a random one-time password; --if-none then does nothing', async () => {
    const first = await createAdmin(env, ['--if-none', '--username', 'ops']);
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Platform admin: ops');
    expect(lines[1]).toMatch(/^One-time password: [A-Za-z0-9]{20}$/);
    expect(lines[2]).toBe('Change it at first sign-in.');
    oneTime = lines[1]!.slice('One-time password: '.length);
    expect(await createAdmin(env, ['--if-none'])).toEqual({ code: 0, stdout: '' });
  }, 60_000);

  it('forces a change at first sign-in: the token allows nothing else until the policy-abiding change', async () => {
    const first = await t.signIn(undefined, 'ops', oneTime);
    expect(first.mustChangePassword).toBe(true);
    expect((await t.inject('GET', '/me', { headers: bearer(first.accessToken) })).json()).toMatchObject({ status: 403, code: 'password_change_required' });
    expect((await t.inject('GET', '/tenants', { headers: bearer(first.accessToken) })).statusCode).toBe(403);
    const change = (newPassword: string, currentPassword = oneTime) => t.inject('POST', '/auth/password', { headers: bearer(first.accessToken), body: { currentPassword, newPassword } });
    expect((await change('short')).json()).toMatchObject({ status: 422, code: 'password_policy', errors: [{ path: 'body.newPassword' }] });
    expect((await change('password1234')).json()).toMatchObject({ code: 'password_policy' });
    expect((await change('opsopsopsops', 'not the current one')).json()).toMatchObject({ status: 422, errors: [{ path: 'body.currentPassword' }] });
    const done = await change('the new platform passphrase');
    expect(done.statusCode).toBe(200);
    const tokens = done.json<TokenPair>();
    expect(tokens.mustChangePassword).toBe(false);
    expect((await t.inject('GET', '/me', { headers: bearer(tokens.accessToken) })).json()).toMatchObject({ role: 'platform_admin', tenantId: PLATFORM_TENANT_ID, tenant: null, mustChangePassword: false });
    expect((await t.inject('POST', '/auth/login', { body: { login: 'ops', password: oneTime }, headers: { 'x-forwarded-for': t.ip() } })).statusCode).toBe(401);
    // The forced-change session was replaced: its refresh token is dead.
    expect((await t.inject('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } })).statusCode).toBe(401);
  });

  it('platform admins sign in without a school code only; a school code never finds them', async () => {
    const res = await t.inject('POST', '/auth/login', { body: { tenant: 'ops', login: 'ops', password: 'the new platform passphrase' }, headers: { 'x-forwarded-for': t.ip() } });
    expect(res.statusCode).toBe(401);
  });

  it('publishes every configured key and signs with the first, so verifiers accept tokens across a rotation', async () => {
    const jwks = (await t.inject('GET', '/.well-known/jwks.json')).json<{ keys: JWK[] }>();
    expect(jwks.keys.map((k) => k.kid)).toEqual(keys.map((k) => k.kid));
    expect(jwks.keys.every((k) => k.d === undefined && k.alg === 'EdDSA' && k.use === 'sig')).toBe(true);
    const tokens = await t.signIn(undefined, 'ops', 'the new platform passphrase');
    expect(decodeProtectedHeader(tokens.accessToken).kid).toBe(keys[0]!.kid);
    const principal = await createLocalJwtVerifier(jwks).verify(tokens.accessToken);
    expect(principal).toMatchObject({ role: 'platform_admin', tenantId: PLATFORM_TENANT_ID, scope: 'full' });
  });
});
