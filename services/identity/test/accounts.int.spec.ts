import { eventually } from '@gradeline/runtime/testing';
import { decodeJwt } from 'jose';
import { type User } from '@gradeline/contracts';
import { bearer, IdentityTest, type School } from './support/identity-test';

describe('accounts, students and schools: versions, uniqueness, events, invitations', () => {
  let t: IdentityTest;
  let school: School;
  let platform: Record<string, string>;

  beforeAll(async () => {
    t = await IdentityTest.start();
    platform = (await t.platformAdmin()).headers;
    school = await t.school(platform, 'college-accounts');
  });
  afterAll(() => t.close());

  const events = async (type: string) =>
    (await t.svc.deps.orm.em.fork().getConnection().execute<{ payload: { data: Record<string, unknown>; tenantId: string } }[]>('select payload from outbox where type = ? order by seq', [type])).map((r) => r.payload);

  it('creates a teacher without a password, mails the invitation, and tells other services without the email', async () => {
    const res = await t.inject('POST', '/users', { headers: school.admin, body: { username: 'Paul.Roux', displayName: 'Paul Roux', email: 'Paul.Roux@College.example.org', role: 'teacher' } });
    expect(res.statusCode).toBe(201);
    const { user } = res.json<{ user: User }>();
    expect(user).toMatchObject({ username: 'Paul.Roux', role: 'teacher', active: true, hasPassword: false, version: 1 });
    expect(res.headers.etag).toBe('"1"');
    expect((await t.mails()).at(-1)).toContain('Your username: Paul.Roux');
    const created = (await events('identity.user.created.v1')).find((e) => e.data.userId === user.id)!;
    expect(created).toMatchObject({ tenantId: school.tenantId, data: { username: 'Paul.Roux', role: 'teacher', active: true, studentId: null } });
    expect(JSON.stringify(created)).not.toMatch(/example\.org/);
    // The new account cannot sign in before choosing a password.
    const attempt = await t.inject('POST', '/auth/login', { body: { tenant: 'college-accounts', login: 'paul.roux', password: '' } });
    expect(attempt.statusCode).toBe(422);
  });

  it('keeps usernames and emails unique per school, ignoring case (409), and names bad fields (422)', async () => {
    const dupEmail = await t.inject('POST', '/users', { headers: school.admin, body: { username: 'other', displayName: 'O', email: 'PAUL.ROUX@college.example.org', role: 'teacher' } });
    expect(dupEmail.json()).toMatchObject({ status: 409, code: 'email_taken' });
    const dupName = await t.inject('POST', '/users', { headers: school.admin, body: { username: 'PAUL.roux', displayName: 'O', role: 'teacher' } });
    expect(dupName.json()).toMatchObject({ status: 409, code: 'username_taken' });
    const bad = await t.inject('POST', '/users', { headers: school.admin, body: { username: 'a b', displayName: '', role: 'student' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path).sort()).toEqual(['body.displayName', 'body.role', 'body.username']);
  });

  it('edits with If-Match: 428 without it, 409 with the current state when stale, then the new ETag', async () => {
    const { items } = (await t.inject('GET', '/users?search=roux', { headers: school.admin })).json<{ items: User[] }>();
    const url = `/users/${items[0]!.id}`;
    expect((await t.inject('PATCH', url, { headers: school.admin, body: { displayName: 'P. Roux' } })).json()).toMatchObject({ status: 428, code: 'precondition_required' });
    const ok = await t.inject('PATCH', url, { headers: { ...school.admin, 'if-match': '"1"' }, body: { displayName: 'P. Roux', role: 'admin' } });
    expect(ok.json()).toMatchObject({ displayName: 'P. Roux', role: 'admin', version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t.inject('PATCH', url, { headers: { ...school.admin, 'if-match': '"1"' }, body: { displayName: 'Someone else' } });
    expect(stale.json()).toMatchObject({ status: 409, code: 'version_conflict', current: { displayName: 'P. Roux', version: 2 } });
    expect((await t.inject('GET', url, { headers: school.admin })).json()).toMatchObject({ displayName: 'P. Roux' });
  });

  it('an admin can neither deactivate nor demote themselves', async () => {
    expect((await t.inject('POST', `/users/${school.adminId}/deactivate`, { headers: school.admin })).json()).toMatchObject({ status: 409, code: 'invalid_state' });
    const etag = (await t.inject('GET', `/users/${school.adminId}`, { headers: school.admin })).headers.etag as string;
    expect((await t.inject('PATCH', `/users/${school.adminId}`, { headers: { ...school.admin, 'if-match': etag }, body: { role: 'teacher' } })).json()).toMatchObject({ code: 'invalid_state' });
  });

  it('invites a roster student: an account linked to the entry, signing in with a `stu` claim; removing the pupil deactivates it', async () => {
    const pupil = await t.inject('POST', '/students', { headers: school.admin, body: { lastName: "N'Diaye", firstName: 'Marie-Ève', birthDate: '2012-02-29', className: '5B' } });
    const studentId = pupil.json<{ id: string }>().id;
    const noEmail = await t.inject('POST', `/students/${studentId}/invite`, { headers: school.admin, body: { delivery: 'email' } });
    expect(noEmail.statusCode).toBe(422);
    const invited = await t.inject('POST', `/students/${studentId}/invite`, { headers: school.admin, body: { delivery: 'link' } });
    expect(invited.json()).toMatchObject({ username: 'marie-eve.ndiaye', invitation: { delivery: 'link' } });
    await t.setPassword(invited.json<{ invitation: { url: string } }>().invitation.url, 'my own student passphrase');
    const tokens = await t.signIn('college-accounts', 'marie-eve.ndiaye', 'my own student passphrase');
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ role: 'student', stu: studentId, scp: 'full' });
    const me = (await t.inject('GET', '/me', { headers: bearer(tokens.accessToken) })).json<User>();
    expect(me).toMatchObject({ role: 'student', studentId });
    expect((await t.inject('GET', `/students/${studentId}`, { headers: school.admin })).json()).toMatchObject({ userId: me.id });
    expect((await t.inject('DELETE', `/students/${studentId}`, { headers: school.admin })).statusCode).toBe(204);
    expect((await t.inject('GET', `/users/${me.id}`, { headers: school.admin })).json()).toMatchObject({ active: false });
    expect((await t.inject('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).statusCode).toBe(401);
    expect((await events('identity.student.removed.v1')).map((e) => e.data.studentId)).toContain(studentId);
    expect((await events('identity.user.deactivated.v1')).map((e) => e.data.userId)).toContain(me.id);
  });

  it('publishes what the OCR matcher needs when a pupil is edited, never the email, through JetStream', async () => {
    const pupil = await t.inject('POST', '/students', { headers: school.admin, body: { lastName: 'Le Gall', firstName: 'Anne', birthDate: '2011-05-06', className: '4A', email: 'anne.legall@eleves.example.org', externalId: 'INE0001' } });
    const id = pupil.json<{ id: string }>().id;
    const edited = await t.inject('PATCH', `/students/${id}`, { headers: { ...school.admin, 'if-match': '"1"' }, body: { className: '4B', group: '4B-G1' } });
    expect(edited.json()).toMatchObject({ className: '4B', group: '4B-G1', version: 2 });
    const upserts = (await events('identity.student.upserted.v1')).filter((e) => e.data.studentId === id);
    expect(upserts.map((e) => e.data)).toEqual([
      { studentId: id, lastName: 'Le Gall', firstName: 'Anne', birthDate: '2011-05-06', className: '4A', group: null, externalId: 'INE0001' },
      { studentId: id, lastName: 'Le Gall', firstName: 'Anne', birthDate: '2011-05-06', className: '4B', group: '4B-G1', externalId: 'INE0001' },
    ]);
    const em = t.svc.deps.orm.em.fork();
    await eventually('the outbox relayed', async () => (await em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from outbox where sent_at is null'))[0]!.n === 0);
    const dup = await t.inject('POST', '/students', { headers: school.admin, body: { lastName: 'X', firstName: 'Y', className: '4A', externalId: 'INE0001' } });
    expect(dup.json()).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('platform admins edit schools with If-Match; a deactivated school cannot sign in and its sessions end', async () => {
    const teacher = await t.staff(school, 'teacher', 'prof.maths');
    const session = await t.signIn('college-accounts', 'prof.maths', teacher.password);
    const url = `/tenants/${school.tenantId}`;
    const current = await t.inject('GET', url, { headers: platform });
    expect(current.json()).toMatchObject({ code: 'college-accounts', settings: { institutionName: 'Collège college-accounts' } });
    const off = await t.inject('PATCH', url, { headers: { ...platform, 'if-match': current.headers.etag as string }, body: { active: false, settings: { institutionName: 'Collège Jean Moulin' } } });
    expect(off.json()).toMatchObject({ active: false, settings: { institutionName: 'Collège Jean Moulin', locale: 'fr-FR' } });
    expect((await t.inject('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).statusCode).toBe(401);
    expect((await t.inject('POST', '/auth/login', { body: { tenant: 'college-accounts', login: 'prof.maths', password: teacher.password }, headers: { 'x-forwarded-for': t.ip() } })).statusCode).toBe(401);
    const updated = (await events('identity.tenant.updated.v1')).at(-1)!;
    expect(updated).toMatchObject({ tenantId: school.tenantId, data: { active: false, settings: { institutionName: 'Collège Jean Moulin' } } });
    const dup = await t.inject('POST', '/tenants', { headers: platform, body: { code: 'college-accounts', name: 'Again', admin: { username: 'x1', displayName: 'X' } } });
    expect(dup.json()).toMatchObject({ status: 409, code: 'tenant_code_taken' });
  });
});
