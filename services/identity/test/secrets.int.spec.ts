import { type TokenPair } from '@gradeline/contracts';
import { bearer, IdentityTest, linkIn, tokenOf, type School } from './support/identity-test';

// Every secret of the invitation, reset, set-password, sign-in and change flows is collected, then
// searched for in every log line, outbox event and audit entry (and in the answers that must not
// carry one).
describe('no password or token ever leaves in a log, an event, an audit entry or an answer', () => {
  let t: IdentityTest;
  let school: School;
  const secrets: string[] = [];
  const answers: string[] = [];
  const remember = (...values: string[]) => secrets.push(...values);

  beforeAll(async () => {
    t = await IdentityTest.start();
    const platform = await t.platformAdmin();
    remember(platform.password);
    school = await t.school(platform.headers, 'college-secrets');
    remember('principal passphrase 1');
  });
  afterAll(() => t.close());

  it('runs the flows: invitation by mail, reset shown once, forgotten password, student invitation, sign-in, change', async () => {
    const created = await t.inject('POST', '/users', { headers: school.admin, body: { username: 'mlefevre', displayName: 'Marie Lefèvre', email: 'marie.lefevre@college.example.org', role: 'teacher' } });
    expect(created.json()).toMatchObject({ invitation: { delivery: 'email' } });
    expect(created.json<{ invitation: { url?: string } }>().invitation.url).toBeUndefined();
    answers.push(created.body);
    const invitationUrl = linkIn((await t.mails()).at(-1)!);
    remember(tokenOf(invitationUrl));
    const setFirst = await t.inject('POST', '/auth/set-password', { body: { token: tokenOf(invitationUrl), password: 'first secret passphrase' } });
    expect(setFirst.statusCode).toBe(204);
    remember('first secret passphrase');
    answers.push(setFirst.body);

    const userId = created.json<{ user: { id: string } }>().user.id;
    const reset = await t.inject('POST', `/users/${userId}/reset-password`, { headers: school.admin, body: { delivery: 'link' } });
    const shown = reset.json<{ url: string }>().url;
    remember(tokenOf(shown));
    expect(await t.setPassword(shown, 'second secret passphrase')).toBe(204);
    remember('second secret passphrase');
    expect(await t.setPassword(shown, 'third try passphrase')).toBe(410); // single use

    const forgot = await t.inject('POST', '/auth/forgot-password', { body: { tenant: 'college-secrets', login: 'Marie.Lefevre@college.example.org' } });
    expect(forgot.statusCode).toBe(202);
    answers.push(forgot.body);
    let resetUrl = '';
    const deadline = Date.now() + 10_000;
    while (!resetUrl && Date.now() < deadline) {
      const mails = await t.mails();
      if (mails.length >= 2) resetUrl = linkIn(mails.at(-1)!);
      else await new Promise((r) => setTimeout(r, 50));
    }
    remember(tokenOf(resetUrl));
    expect(await t.setPassword(resetUrl, 'third secret passphrase')).toBe(204);
    remember('third secret passphrase');

    const student = await t.inject('POST', '/students', { headers: school.admin, body: { lastName: 'Ben Salah', firstName: 'Amine', className: '4C', email: 'amine.bensalah@eleves.example.org' } });
    const invited = await t.inject('POST', `/students/${student.json<{ id: string }>().id}/invite`, { headers: school.admin, body: { delivery: 'email' } });
    expect(invited.statusCode).toBe(200);
    answers.push(invited.body);
    remember(tokenOf(linkIn((await t.mails()).at(-1)!)));

    const tokens = await t.signIn('college-secrets', 'mlefevre', 'third secret passphrase');
    remember(tokens.accessToken, tokens.refreshToken);
    const changed = await t.inject('POST', '/auth/password', { headers: bearer(tokens.accessToken), body: { currentPassword: 'third secret passphrase', newPassword: 'fourth secret passphrase' } });
    expect(changed.statusCode).toBe(200);
    remember('fourth secret passphrase', changed.json<TokenPair>().refreshToken);
    const wrong = await t.inject('POST', '/auth/login', { body: { tenant: 'college-secrets', login: 'mlefevre', password: 'a guessed passphrase' } });
    remember('a guessed passphrase');
    answers.push(wrong.body);
  });

  it('none of them is in a log line, an outbox event or an audit entry, and no answer but the link answer holds one', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    const em = t.svc.deps.orm.em.fork();
    const events = (await em.getConnection().execute<{ payload: unknown }[]>('select payload from outbox')).map((r) => JSON.stringify(r.payload));
    const audit = (await em.getConnection().execute<Record<string, unknown>[]>('select * from audit_log')).map((r) => JSON.stringify(r));
    const haystacks = { logs: t.logs.join('\n'), events: events.join('\n'), audit: audit.join('\n'), answers: answers.join('\n') };
    expect(t.logs.length).toBeGreaterThan(20);
    expect(events.length).toBeGreaterThan(3);
    for (const [where, text] of Object.entries(haystacks)) {
      const found = secrets.filter((secret) => text.includes(secret));
      expect({ where, found }).toEqual({ where, found: [] });
      // Nor email addresses (the logger censors them; events and the audit never carry them).
      if (where !== 'answers') expect({ where, email: /[\w.]+@[\w.]+\.example\.org/.exec(text)?.[0] ?? null }).toEqual({ where, email: null });
    }
  });
});
