import { Argon2Hasher } from '../src/modules/auth/password-hasher';
import { IdentityTest, TestClock, type School } from './support/identity-test';

/** Counts argon2 work, to see that unknown people cost what real ones cost. */
class CountingHasher extends Argon2Hasher {
  verifications = 0;
  override verify(hash: string, password: string) {
    this.verifications += 1;
    return super.verify(hash, password);
  }
}

describe('sign-in throttling: account locks, address limits, no user enumeration', () => {
  let t: IdentityTest;
  let school: School;
  let teacher: { password: string };
  const clock = new TestClock();
  const hasher = new CountingHasher();

  beforeAll(async () => {
    t = await IdentityTest.start({ clock, overrides: { hasher }, env: { LOGIN_IP_MAX_FAILURES: '12' } });
    const platform = await t.platformAdmin();
    school = await t.school(platform.headers, 'college-throttle');
    teacher = await t.staff(school, 'teacher', 'victim');
  });
  afterAll(() => t.close());

  const attempt = (login: string, password: string, ip: string, tenant = 'college-throttle') =>
    t.inject('POST', '/auth/login', { body: { tenant, login, password }, headers: { 'x-forwarded-for': ip } });
  /** Status, code, detail and Retry-After: everything a client sees but the request id. */
  const seen = async (res: Awaited<ReturnType<typeof attempt>>) => {
    const { code, detail, status } = res.json<{ code: string; detail: string; status: number }>();
    return { status, code, detail, retryAfter: res.headers['retry-after'] ?? null };
  };

  it('locks an account after 5 failures: 429 with Retry-After, even for the right password', async () => {
    const ip = t.ip();
    for (let i = 0; i < 5; i += 1) expect((await attempt('victim', 'wrong password here', ip)).statusCode).toBe(401);
    const locked = await attempt('victim', teacher.password, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'account_locked' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('lets the person in once the lock has passed, and locks longer after each further failure', async () => {
    clock.advance(61_000);
    const ip = t.ip();
    expect((await attempt('victim', teacher.password, ip)).statusCode).toBe(200);
    for (let i = 0; i < 5; i += 1) await attempt('victim', 'wrong again and again', ip);
    clock.advance(61_000);
    expect((await attempt('victim', 'still the wrong one', ip)).statusCode).toBe(401);
    const second = await attempt('victim', teacher.password, ip);
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(120);
    clock.advance(121_000);
  });

  it('answers an unknown person, an unknown school and a wrong password identically, locks included, after the same argon2 work', async () => {
    const runs = [
      { login: 'victim2', tenant: 'college-throttle' },
      { login: 'nobody.here', tenant: 'college-throttle' },
      { login: 'victim2', tenant: 'no-such-school' },
    ];
    await t.staff(school, 'teacher', 'victim2');
    const answers = [];
    for (const run of runs) {
      const ip = t.ip();
      const before = hasher.verifications;
      const sequence = [];
      for (let i = 0; i < 6; i += 1) sequence.push(await seen(await attempt(run.login, 'a wrong password', ip, run.tenant)));
      answers.push(sequence);
      expect(hasher.verifications - before).toBe(5); // five verifies, none once locked
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]!.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits failures per address across accounts, with Retry-After', async () => {
    const ip = t.ip();
    for (let i = 0; i < 12; i += 1) expect((await attempt(`someone${i}`, 'a wrong password', ip)).statusCode).toBe(401);
    const blocked = await attempt('victim2', 'a wrong password', ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await attempt('someone0', 'a wrong password', t.ip())).statusCode).toBe(401);
  });

  it('records failed sign-ins in the audit trail with the caller’s address, without the login typed', async () => {
    const res = await t.inject('GET', '/admin/audit?action=auth.sign_in_failed&limit=500', { headers: school.admin });
    const items = res.json<{ items: { outcome: string; ip: string; details: Record<string, unknown> }[] }>().items;
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((i) => i.outcome === 'failure' && i.ip.startsWith('198.51.100.'))).toBe(true);
    expect(JSON.stringify(items)).not.toContain('nobody.here');
  });
});
