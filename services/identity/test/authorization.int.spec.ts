import { bearer, IdentityTest, type Headers, type School } from './support/identity-test';

type Caller = 'platform_admin' | 'admin' | 'teacher' | 'student' | 'none';
type Whose = 'own' | 'other';

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Builds the URL (and a fresh target when the call changes it) in the caller's school or the other one. */
  url: (school: School, whose: Whose) => Promise<string> | string;
  body?: unknown;
  ifMatch?: boolean;
  csv?: boolean;
  /** Expected status for own-school targets, by caller. */
  own: Record<Caller, number>;
  /** Routes with an id: what school A's callers get for school B's thing. */
  other?: Partial<Record<Caller, number>>;
}

const CSV = 'last_name,first_name,birth_date,email,class,group,external_id\nMatrix,Zoé,2012-05-04,,6A,,\n';

describe('authorisation matrix: every identity route × role × own or other school', () => {
  let t: IdentityTest;
  let a: School;
  let b: School;
  const headers: Partial<Record<Caller, Headers>> = {};
  const ids = new Map<string, { user: string; student: string }>();
  let seq = 0;

  const freshUser = async (school: School) => {
    seq += 1;
    const res = await t.inject('POST', '/users', { headers: school.admin, body: { username: `target${seq}`, displayName: 'Target', role: 'teacher', delivery: 'link' } });
    return res.json<{ user: { id: string } }>().user.id;
  };
  const freshStudent = async (school: School) => {
    const res = await t.inject('POST', '/students', { headers: school.admin, body: { lastName: 'Cible', firstName: `N${(seq += 1)}`, className: '6A' } });
    return res.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    t = await IdentityTest.start();
    const platform = await t.platformAdmin();
    headers.platform_admin = platform.headers;
    a = await t.school(platform.headers, 'matrix-a');
    b = await t.school(platform.headers, 'matrix-b');
    headers.admin = a.admin;
    headers.teacher = (await t.staff(a, 'teacher', 'teach')).headers;
    const pupil = await freshStudent(a);
    const invited = await t.inject('POST', `/students/${pupil}/invite`, { headers: a.admin, body: { delivery: 'link' } });
    await t.setPassword(invited.json<{ invitation: { url: string } }>().invitation.url, 'a student passphrase');
    headers.student = bearer((await t.signIn('matrix-a', invited.json<{ username: string }>().username, 'a student passphrase')).accessToken);
    headers.none = {};
    for (const school of [a, b]) ids.set(school.code, { user: await freshUser(school), student: await freshStudent(school) });
  });
  afterAll(() => t.close());

  const target = (school: School, whose: Whose) => ids.get(whose === 'own' ? school.code : b.code)!;
  const readers = { platform_admin: 403, admin: 200, teacher: 200, student: 403, none: 401 };
  const managers = (ok: number) => ({ platform_admin: 403, admin: ok, teacher: 403, student: 403, none: 401 });
  const platformOnly = (ok: number) => ({ platform_admin: ok, admin: 403, teacher: 403, student: 403, none: 401 });
  const anyone = (ok: number) => ({ platform_admin: ok, admin: ok, teacher: ok, student: ok, none: 401 });
  const hidden = { admin: 404, teacher: 404 };
  const hiddenFromAdmin = { admin: 404, teacher: 403 };

  const routes: Route[] = [
    { name: 'GET /me', method: 'GET', url: () => '/me', own: anyone(200) },
    { name: 'GET /.well-known/jwks.json', method: 'GET', url: () => '/.well-known/jwks.json', own: { platform_admin: 200, admin: 200, teacher: 200, student: 200, none: 200 } },
    { name: 'GET /users', method: 'GET', url: () => '/users', own: readers },
    { name: 'POST /users', method: 'POST', url: () => '/users', body: { username: `new${Date.now()}`, displayName: 'N', role: 'teacher', delivery: 'link' }, own: managers(201) },
    { name: 'GET /users/:id', method: 'GET', url: (s, w) => `/users/${target(s, w).user}`, own: readers, other: hidden },
    { name: 'PATCH /users/:id', method: 'PATCH', ifMatch: true, url: (s, w) => `/users/${target(s, w).user}`, body: { displayName: 'Renamed' }, own: managers(200), other: hiddenFromAdmin },
    { name: 'POST /users/:id/deactivate', method: 'POST', url: async (s, w) => `/users/${w === 'own' ? await freshUser(s) : target(s, w).user}/deactivate`, own: managers(200), other: hiddenFromAdmin },
    { name: 'POST /users/:id/reactivate', method: 'POST', url: (s, w) => `/users/${target(s, w).user}/reactivate`, own: managers(200), other: hiddenFromAdmin },
    { name: 'POST /users/:id/reset-password', method: 'POST', url: (s, w) => `/users/${target(s, w).user}/reset-password`, body: { delivery: 'link' }, own: managers(200), other: hiddenFromAdmin },
    { name: 'GET /students', method: 'GET', url: () => '/students', own: readers },
    { name: 'POST /students', method: 'POST', url: () => '/students', body: { lastName: 'Neuf', firstName: 'Nina', className: '5B' }, own: managers(201) },
    { name: 'GET /students/:id', method: 'GET', url: (s, w) => `/students/${target(s, w).student}`, own: readers, other: hidden },
    { name: 'PATCH /students/:id', method: 'PATCH', ifMatch: true, url: (s, w) => `/students/${target(s, w).student}`, body: { group: 'G2' }, own: managers(200), other: hiddenFromAdmin },
    { name: 'DELETE /students/:id', method: 'DELETE', url: async (s, w) => `/students/${w === 'own' ? await freshStudent(s) : target(s, w).student}`, own: managers(204), other: hiddenFromAdmin },
    { name: 'POST /students/:id/invite', method: 'POST', url: (s, w) => `/students/${target(s, w).student}/invite`, body: { delivery: 'link' }, own: managers(200), other: hiddenFromAdmin },
    { name: 'POST /students/import', method: 'POST', csv: true, url: () => '/students/import?dryRun=true', own: managers(200) },
    { name: 'GET /tenants', method: 'GET', url: () => '/tenants', own: platformOnly(200) },
    { name: 'POST /tenants', method: 'POST', url: () => '/tenants', body: { code: `new-${Date.now()}`, name: 'Nouveau', admin: { username: 'boss', displayName: 'Boss' } }, own: platformOnly(201) },
    { name: 'GET /tenants/:id', method: 'GET', url: () => `/tenants/${b.tenantId}`, own: platformOnly(200) },
    { name: 'PATCH /tenants/:id', method: 'PATCH', ifMatch: true, url: () => `/tenants/${b.tenantId}`, body: { name: 'Collège B' }, own: platformOnly(200) },
    { name: 'GET /admin/audit', method: 'GET', url: () => '/admin/audit', own: { platform_admin: 403, admin: 200, teacher: 403, student: 403, none: 401 } },
    { name: 'POST /auth/logout', method: 'POST', url: () => '/auth/logout', own: anyone(204) },
  ];

  const cases = routes.flatMap((route) => [
    ...(Object.keys(route.own) as Caller[]).map((caller) => ({ route, caller, whose: 'own' as Whose, expected: route.own[caller] })),
    ...(Object.entries(route.other ?? {}) as [Caller, number][]).map(([caller, expected]) => ({ route, caller, whose: 'other' as Whose, expected })),
  ]);

  it.each(cases.map((c) => [`${c.route.name} as ${c.caller} on ${c.whose} school → ${c.expected}`, c] as const))('%s', async (_name, { route, caller, whose, expected }) => {
    const url = await route.url(a, whose);
    const extra: Headers = {};
    if (route.ifMatch) {
      // The current version, read with a right that sees it, so only authorisation decides.
      const reader = url.startsWith('/tenants') ? headers.platform_admin! : whose === 'own' ? a.admin : b.admin;
      extra['if-match'] = (await t.inject('GET', url, { headers: reader })).headers.etag as string;
    }
    const res = route.csv
      ? await t.svc.app.inject({ method: 'POST', url, headers: { ...headers[caller], 'content-type': 'text/csv' }, payload: CSV })
      : await t.inject(route.method, url, { headers: { ...headers[caller], ...extra }, body: route.body });
    expect({ status: res.statusCode, body: res.statusCode === expected ? '' : res.body }).toEqual({ status: expected, body: '' });
  });

  it('lists of school A never show anything of school B', async () => {
    const users = (await t.inject('GET', '/users?limit=500', { headers: a.admin })).json<{ items: { tenantId: string; id: string }[] }>();
    const students = (await t.inject('GET', '/students?limit=500', { headers: a.admin })).json<{ items: { tenantId: string; id: string }[] }>();
    const audit = (await t.inject('GET', '/admin/audit?limit=500', { headers: a.admin })).json<{ items: { tenantId: string }[] }>();
    for (const list of [users.items, students.items, audit.items]) {
      expect(list.length).toBeGreaterThan(0);
      expect(list.every((item) => item.tenantId === a.tenantId)).toBe(true);
    }
    expect(users.items.map((u) => u.id)).not.toContain(ids.get('matrix-b')!.user);
  });
});
