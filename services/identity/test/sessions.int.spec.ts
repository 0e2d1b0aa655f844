import { decodeJwt, decodeProtectedHeader } from 'jose';
import { type TokenPair } from '@gradeline/contracts';
import { bearer, IdentityTest, type School } from './support/identity-test';

describe('sessions: sign-in, refresh rotation, reuse detection, sign-out, deactivation', () => {
  let t: IdentityTest;
  let school: School;
  let teacher: { headers: Record<string, string>; id: string; password: string };

  beforeAll(async () => {
    t = await IdentityTest.start();
    const platform = await t.platformAdmin();
    school = await t.school(platform.headers, 'lycee-sessions');
    teacher = await t.staff(school, 'teacher', 'jdoe');
  });
  afterAll(() => t.close());

  it('signs in with username or email in any case and issues the claims every service verifies', async () => {
    const tokens = await t.signIn('LYCEE-SESSIONS', 'JDoe', teacher.password);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, mustChangePassword: false });
    const claims = decodeJwt(tokens.accessToken);
    expect(claims).toMatchObject({ sub: teacher.id, tid: school.tenantId, role: 'teacher', scp: 'full', iss: 'gradeline-identity', aud: 'gradeline' });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(decodeProtectedHeader(tokens.accessToken).alg).toBe('EdDSA');
    const me = await t.inject('GET', '/me', { headers: bearer(tokens.accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: teacher.id, role: 'teacher', tenant: { code: 'lycee-sessions' } });
  });

  it('lets the same person sign in twice at once, and signing in is not an edit (the ETag stays)', async () => {
    const etag = (await t.inject('GET', `/users/${teacher.id}`, { headers: school.admin })).headers.etag;
    const both = await Promise.all([1, 2].map(() => t.inject('POST', '/auth/login', { body: { tenant: 'lycee-sessions', login: 'jdoe', password: teacher.password } })));
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    const after = await t.inject('GET', `/users/${teacher.id}`, { headers: school.admin });
    expect(after.headers.etag).toBe(etag);
    expect(after.json<{ lastSignInAt: string | null }>().lastSignInAt).not.toBeNull();
  });

  it('rotates the refresh token, and a reused one closes the whole session family', async () => {
    const first = await t.signIn('lycee-sessions', 'jdoe', teacher.password);
    const refresh = (token: string) => t.inject('POST', '/auth/refresh', { body: { refreshToken: token } });
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const rotated = second.json<TokenPair>();
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(rotated.accessToken).sid).toBe(decodeJwt(first.accessToken).sid);
    const reuse = await refresh(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'refresh_token_reused' });
    // The legitimate holder's newer token died with the family.
    expect((await refresh(rotated.refreshToken)).json()).toMatchObject({ code: 'refresh_token_invalid' });
  });

  it('sign-out ends the session: its refresh token stops working at once', async () => {
    const tokens = await t.signIn('lycee-sessions', 'jdoe', teacher.password);
    const out = await t.inject('POST', '/auth/logout', { headers: bearer(tokens.accessToken), body: { refreshToken: tokens.refreshToken } });
    expect(out.statusCode).toBe(204);
    const after = await t.inject('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(after.statusCode).toBe(401);
  });

  it('deactivation cuts every session of the person at once, and they cannot sign in again', async () => {
    const person = await t.staff(school, 'teacher', 'leaving');
    const a = await t.signIn('lycee-sessions', 'leaving', person.password);
    const b = await t.signIn('lycee-sessions', 'leaving', person.password);
    const list = await t.inject('GET', `/users/${person.id}`, { headers: school.admin });
    expect(list.statusCode).toBe(200);
    const off = await t.inject('POST', `/users/${person.id}/deactivate`, { headers: school.admin });
    expect(off.json()).toMatchObject({ active: false });
    for (const tokens of [a, b]) {
      expect((await t.inject('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).statusCode).toBe(401);
    }
    const again = await t.inject('POST', '/auth/login', { body: { tenant: 'lycee-sessions', login: 'leaving', password: person.password }, headers: { 'x-forwarded-for': t.ip() } });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it('an unknown or garbage refresh token is refused without a hint', async () => {
    const res = await t.inject('POST', '/auth/refresh', { body: { refreshToken: 'not-a-token' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'refresh_token_invalid' });
  });
});
