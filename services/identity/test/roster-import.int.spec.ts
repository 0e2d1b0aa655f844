import { generateRoster, rosterToCsv } from '@gradeline/testing';
import iconv from 'iconv-lite';
import { type RosterImportReport } from '@gradeline/contracts';
import { IdentityTest, type School } from './support/identity-test';

const PRONOTE = [
  'Élèves;Né(e) le;Adresse E-mail;Classe;Groupe',
  'BEN SALAH Amine;14/02/2012;amine.bs@eleves.example.org;5A;5A-G1',
  'DE LA FONTAINE Jean-Marc;03/11/2011;;5A;',
  "N'DIAYE Marie-Ève;29/02/2012;;5B;5B-G2",
  'ŒUVRARD Zoé;01/09/2012;;5B;',
].join('\r\n');

describe('roster CSV import', () => {
  let t: IdentityTest;
  let school: School;

  beforeAll(async () => {
    t = await IdentityTest.start();
    school = await t.school((await t.platformAdmin()).headers, 'college-roster');
  });
  afterAll(() => t.close());

  const upload = (body: Buffer | string, dryRun: boolean, contentType = 'text/csv') =>
    t.svc.app.inject({ method: 'POST', url: `/students/import?dryRun=${dryRun}`, headers: { ...school.admin, 'content-type': contentType }, payload: body });
  const report = async (body: Buffer | string, dryRun: boolean) => {
    const res = await upload(body, dryRun);
    expect({ status: res.statusCode, body: res.statusCode === 200 ? '' : res.body }).toEqual({ status: 200, body: '' });
    return res.json<RosterImportReport>();
  };
  const rosterCount = async () => (await t.inject('GET', '/students?limit=1', { headers: school.admin })).json<{ total: number }>().total;
  const outboxCount = async () => (await t.svc.deps.orm.em.fork().getConnection().execute<{ n: number }[]>('select count(*)::int as n from outbox'))[0]!.n;

  it('dry-runs a Pronote export in Windows-1252 with ";": compound surnames stay whole, nothing is written', async () => {
    const before = await outboxCount();
    const dry = await report(iconv.encode(PRONOTE, 'win1252'), true);
    expect(dry).toMatchObject({ dryRun: true, format: 'pronote', encoding: 'windows-1252', delimiter: ';', importId: null, unchanged: 0, refused: [] });
    expect(dry.created.map((r) => [r.line, r.lastName, r.firstName, r.className])).toEqual([
      [2, 'BEN SALAH', 'Amine', '5A'],
      [3, 'DE LA FONTAINE', 'Jean-Marc', '5A'],
      [4, "N'DIAYE", 'Marie-Ève', '5B'],
      [5, 'ŒUVRARD', 'Zoé', '5B'],
    ]);
    expect(await rosterCount()).toBe(0);
    expect(await outboxCount()).toBe(before);
  });

  it('imports it for real (one event per pupil, then roster.imported), and the same file again changes nothing', async () => {
    const before = await outboxCount();
    const real = await report(Buffer.from(PRONOTE, 'utf8'), false);
    expect(real).toMatchObject({ dryRun: false, encoding: 'utf-8', unchanged: 0 });
    expect(real.created).toHaveLength(4);
    const em = t.svc.deps.orm.em.fork();
    const types = (await em.getConnection().execute<{ type: string }[]>('select type from outbox order by seq offset ?', [before])).map((r) => r.type);
    expect(types).toEqual([...Array(4).fill('identity.student.upserted.v1'), 'identity.roster.imported.v1']);
    const search = await t.inject('GET', '/students?search=fontaine', { headers: school.admin });
    expect(search.json()).toMatchObject({ total: 1, items: [{ lastName: 'DE LA FONTAINE', firstName: 'Jean-Marc', birthDate: '2011-11-03', group: null }] });
    const again = await report(iconv.encode(PRONOTE, 'win1252'), false);
    expect(again).toMatchObject({ created: [], updated: [], unchanged: 4, refused: [] });
    expect(await rosterCount()).toBe(4);
  });

  it('reads the simple format with "," and a UTF-8 BOM, recognising pupils across formats ignoring case and accents', async () => {
    const simple = '\uFEFFlast_name,first_name,birth_date,email,class,group,external_id\n"Ben Salah",Amine,2012-02-14,amine.bs@eleves.example.org,4A,4A-G1,123456789AB\nOeuvrard,Zoe,2012-09-01,,5B,,\n';
    const dry = await report(Buffer.from(simple, 'utf8'), true);
    expect(dry).toMatchObject({ format: 'simple', delimiter: ',', encoding: 'utf-8', created: [], refused: [] });
    expect(dry.updated.map((r) => [r.line, r.lastName, r.className])).toEqual([[2, 'Ben Salah', '4A'], [3, 'Oeuvrard', '5B']]);
  });

  it('refuses invalid dates, duplicate rows and rows without a class with their line numbers; a file with refusals changes nothing', async () => {
    const bad = [
      'last_name;first_name;birth_date;email;class;group;external_id',
      'Martin;Léa;31/02/2012;;6A;;',
      'Martin;Léo;2012-03-01;;6A;;',
      'Martin;Léo;01/03/2012;;6A;;',
      'Petit;Hugo;2012-03-01;;;;',
      'Durand;Ana;2012-03-01;not-an-email;6A;;',
    ].join('\n');
    const dry = await report(bad, true);
    expect(dry.refused).toEqual([
      { line: 2, reason: expect.stringMatching(/invalid birth date/) },
      { line: 4, reason: 'the same student as line 3' },
      { line: 5, reason: 'the class is required' },
      { line: 6, reason: 'invalid email address' },
    ]);
    expect(dry.created.map((r) => r.line)).toEqual([3]);
    const before = [await rosterCount(), await outboxCount()];
    const real = await upload(bad, false);
    expect(real.statusCode).toBe(422);
    expect(real.json()).toMatchObject({ code: 'roster_import_invalid', report: { refused: dry.refused } });
    expect([await rosterCount(), await outboxCount()]).toEqual(before);
  });

  it.each([
    ['an empty file', ''],
    ['a header without rows', 'last_name,first_name,class\n'],
    ['unknown columns', 'nom,prenom\nA,B\n'],
  ])('refuses %s as a whole', async (_what, body) => {
    const res = await upload(body, true);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'roster_import_invalid' });
  });

  it('accepts the file as a multipart form upload', async () => {
    const boundary = 'gradeline-test-boundary';
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="eleves.csv"', 'Content-Type: text/csv', '', PRONOTE, `--${boundary}--`, ''].join('\r\n');
    const res = await upload(body, true, `multipart/form-data; boundary=${boundary}`);
    expect(res.json()).toMatchObject({ format: 'pronote', unchanged: 4 });
  });

  it('imports 10,000 generated pupils in one go, then finds the same file unchanged', async () => {
    const roster = generateRoster({ count: 10_000, seed: 11, classes: ['6A', '6B', '5A', '5B', '4A', '4B', '3A', '3B'] });
    const csv = rosterToCsv(roster, { format: 'simple', delimiter: ';', encoding: 'utf8', eol: '\n' });
    const first = await report(csv, false);
    expect(first.refused).toEqual([]);
    expect(first.created).toHaveLength(10_000);
    expect(await rosterCount()).toBe(10_004);
    const second = await report(csv, false);
    expect(second).toMatchObject({ created: [], updated: [], unchanged: 10_000 });
    const events = await t.svc.deps.orm.em.fork().getConnection().execute<{ n: number }[]>(`select count(*)::int as n from outbox where type = 'identity.roster.imported.v1' and payload->'data'->>'created' = '10000'`);
    expect(events[0]!.n).toBe(1);
  }, 120_000);
});
