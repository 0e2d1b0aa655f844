import fs from 'node:fs/promises';
import { generateScanPdf, linkMailedTo } from '@gradeline/testing';
import { PDFDocument } from 'pdf-lib';
import { startE2EPlatform, type E2EPlatform } from './platform';
import { Client } from './support/client';
import { eventually } from './support/eventually';
import { linesHoldingSecrets, onboard, secrets, signIn } from './support/people';
import { marks, pupil, roster, rosterFile, scheme } from './support/school';
import { pagesOf, uploadBatch, upper } from './support/steps';
import { WebhookReceiver } from './support/webhook-receiver';
import { dispatchAnonymously, gradeEveryCopy, type Leaves } from './journey/correction';
import { exportEveryCopy } from './journey/exports';
import { identifyEveryCopy } from './journey/identification';
import { type CopyView } from './journey/views';

// One school's whole exam, from the platform's first sign-in to a pupil reading their mark, driven
// only through the gateway's public API by the people who would do it. Each step leaves what the
// next one needs; a step that fails makes the following ones fail too. The longer steps' work is
// in ./journey (identification, correction, exports), in the order the steps call it.

// Generous: the machine running this may be busy with other work.
jest.setTimeout(120_000);

let platform: E2EPlatform;
const integrator = new WebhookReceiver();
let webhookUrl: string;

// Four pupils wrote their names on plain paper; N'Goma forgot to (the header is blank).
const stackOrder = ['Da Costa-Lefèvre', 'Gâteau', 'Le Bris', "N'Goma"];
let scannedStack: Buffer;

beforeAll(async () => {
  const scanning = generateScanPdf({
    copies: stackOrder.map((name) => ({ student: name === "N'Goma" ? null : pupil(name) })),
    pagesPerCopy: 2,
    seed: 11,
  });
  [platform, webhookUrl, { pdf: scannedStack }] = await Promise.all([startE2EPlatform(), integrator.start(), scanning]);
}, 360_000);

afterAll(async () => {
  await integrator.stop();
  await platform?.stop();
  // E2E_LOGS=<file> keeps every service's log lines of the run, to see why a step failed.
  if (process.env.E2E_LOGS && platform) await fs.writeFile(process.env.E2E_LOGS, platform.logs.join('\n'));
}, 60_000);

const SCHOOL = 'college-jean-moulin';
const OTHER_SCHOOL = 'lycee-victor-hugo';
const newDevice = () => new Client(platform.baseUrl);

// What the journey learns as it goes.
let operator: Client;
let schoolAdmin: Client;
let otherSchoolAdmin: Client;
let owner: Client; // the teacher who sets the exam; also one of its two correctors
let colleague: Client; // the second corrector
const staff = { ownerId: '', colleagueId: '' };
const studentIds = new Map<string, string>(); // last name -> roster id
const copyOf = new Map<string, string>(); // last name -> copy id
let examId: string;
let leaves: Leaves;

describe('a school grades a scanned exam from its first sign-in to a pupil reading their mark', () => {
  it('1. the platform admin can do nothing but change the one-time password, then signs in with the new one', async () => {
    const device = newDevice();
    const first = await signIn(device, { login: platform.admin.username, password: platform.admin.password });
    expect(first.mustChangePassword).toBe(true);

    const refused = await first.client.get('/admin/tenants');
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('password_change_required');

    const newPassword = 'platform operator harbour 2025';
    secrets.add(newPassword);
    const changed = await first.client.post('/auth/password', { currentPassword: platform.admin.password, newPassword });
    expect(changed.status).toBe(200);
    expect(changed.json.mustChangePassword).toBe(false);

    expect((await device.post('/auth/login', { login: platform.admin.username, password: platform.admin.password })).status).toBe(401);
    const again = await signIn(device, { login: platform.admin.username, password: newPassword });
    expect(again.mustChangePassword).toBe(false);
    operator = again.client;
    expect((await operator.get('/admin/tenants')).status).toBe(200);
  });

  it('2. the platform admin opens two schools; their first admins choose a password from their invitation', async () => {
    const created = await operator.post('/admin/tenants', {
      code: SCHOOL,
      name: 'Collège Jean Moulin',
      settings: { institutionName: 'Collège Jean Moulin — Lyon' },
      admin: { username: 'direction', displayName: 'Mme Lefèvre', email: 'direction@jean-moulin.example.org' },
    });
    expect(created.status).toBe(201);
    // Mailed: the answer never holds the link.
    expect(created.json.invitation).toMatchObject({ delivery: 'email' });
    expect(created.json.invitation.url).toBeUndefined();
    const mailed = await eventually('the invitation mail', () => linkMailedTo(platform.mailDir, 'direction@jean-moulin.example.org'));
    schoolAdmin = await onboard(platform.baseUrl, mailed, { tenant: SCHOOL, login: 'direction', password: 'tilleul cartable boussole 17' });
    expect((await schoolAdmin.get('/me')).json).toMatchObject({ role: 'admin', tenant: { code: SCHOOL } });

    // A school without email: the link is shown once to the platform admin, who hands it over.
    const other = await operator.post('/admin/tenants', {
      code: OTHER_SCHOOL,
      name: 'Lycée Victor Hugo',
      admin: { username: 'proviseur', displayName: 'M. Hugo' },
    });
    expect(other.status).toBe(201);
    expect(other.json.invitation).toMatchObject({ delivery: 'link', url: expect.stringContaining('/set-password?token=') });
    otherSchoolAdmin = await onboard(platform.baseUrl, other.json.invitation.url, { tenant: OTHER_SCHOOL, login: 'proviseur', password: 'marronnier préau ardoise 9' });
  });

  it('3. the school admin adds two teachers, subscribes an integration and imports the Pronote roster (dry run, then for real)', async () => {
    const durand = await schoolAdmin.post('/users', { username: 'p.durand', displayName: 'Pierre Durand', email: 'p.durand@jean-moulin.example.org', role: 'teacher' });
    const nguyen = await schoolAdmin.post('/users', { username: 'a.nguyen', displayName: 'Anh Nguyễn', role: 'teacher', delivery: 'link' });
    expect([durand.status, nguyen.status]).toEqual([201, 201]);
    staff.ownerId = durand.json.user.id;
    staff.colleagueId = nguyen.json.user.id;
    const durandLink = await eventually('the teacher invitation mail', () => linkMailedTo(platform.mailDir, 'p.durand@jean-moulin.example.org'));
    owner = await onboard(platform.baseUrl, durandLink, { tenant: SCHOOL, login: 'p.durand@jean-moulin.example.org', password: 'ratures et ardoises du mardi' });
    colleague = await onboard(platform.baseUrl, nguyen.json.invitation.url, { tenant: SCHOOL, login: 'A.Nguyen', password: 'copies rouges et stylo vert' });

    const hook = await schoolAdmin.post('/webhooks', { url: webhookUrl, eventTypes: ['export.copy.rendered.v1', 'exam.results.released.v1'] });
    expect(hook.status).toBe(201);
    integrator.secret = hook.json.secret;
    secrets.add(hook.json.secret);

    const upload = (dryRun: boolean) => schoolAdmin.request('POST', `/students/import?dryRun=${dryRun}`, { body: rosterFile, contentType: 'text/csv' });
    const dry = await upload(true);
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, format: 'pronote', encoding: 'windows-1252', delimiter: ';', refused: [], updated: [] });
    expect(dry.json.created).toHaveLength(roster.length);
    expect((await schoolAdmin.get('/students')).json.total).toBe(0);

    const real = await upload(false);
    expect(real.status).toBe(200);
    expect(real.json.created).toHaveLength(roster.length);
    const listed = (await schoolAdmin.get('/students?className=5A')).json.items as { id: string; lastName: string; firstName: string }[];
    // Windows-1252 accents and compound surnames come through whole (surnames as Pronote writes them, in capitals).
    expect(listed.map((s) => `${s.lastName} ${s.firstName}`).sort()).toEqual(roster.map((s) => `${upper(s.lastName)} ${s.firstName}`).sort());
    for (const s of roster) studentIds.set(s.lastName, listed.find((l) => l.lastName === upper(s.lastName))!.id);
    expect((await upload(false)).json).toMatchObject({ created: [], updated: [], unchanged: roster.length });
  });

  it('4. a teacher sets the exam: marking scheme with If-Match, two correctors, then opens it for scans', async () => {
    const created = await owner.post('/exams', { name: 'Contrôle n°2 — Fractions', subject: 'Mathématiques', date: '2025-11-27', classNames: ['5A'], pagesPerCopy: 2 });
    expect(created.status).toBe(201);
    examId = created.json.id;

    expect((await owner.put(`/exams/${examId}/scheme`, { nodes: scheme.nodes() })).status).toBe(428);
    const saved = await owner.put(`/exams/${examId}/scheme`, { nodes: scheme.nodes() }, { ifMatch: 0 });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 1, total: '15' });
    const leaf = (label: string) => (saved.json.nodes as { id: string; label: string }[]).find((n) => n.label === label)!.id;
    leaves = { q1a: leaf('1a'), q1b: leaf('1b'), q2: leaf('2') };

    // The exam learns the new teachers from identity's events: a moment after they were created.
    const withCorrectors = await eventually('the teachers to be known as correctors', async () => {
      const current = await owner.get(`/exams/${examId}`);
      const res = await owner.patch(`/exams/${examId}`, { correctorIds: [staff.ownerId, staff.colleagueId] }, { ifMatch: current.headers.etag! });
      return res.status === 200 ? res : null;
    });
    expect(withCorrectors.json.correctorIds).toEqual([staff.ownerId, staff.colleagueId]);
    const opened = await owner.post(`/exams/${examId}/open`);
    expect(opened.status).toBe(200);
    expect(opened.json.status).toBe('open');
  });

  let stackBatchId: string;
  it('5. the scans are uploaded: a stack of plain CMEN copies, and a prenamed QR sheet printed by Gradeline', async () => {
    stackBatchId = await uploadBatch(owner, examId, scannedStack, 'scan-5A.pdf');

    // Moreau answered on the prenamed sheet Gradeline printed for them (class, then name order).
    const sheets = await owner.get(`/exams/${examId}/sheets.pdf?prenamed=true`);
    expect(sheets.status).toBe(200);
    expect(sheets.headers['content-type']).toContain('application/pdf');
    const moreau = roster.findIndex((s) => s.lastName === 'Moreau');
    const prenamed = await pagesOf(sheets.body, [2 * moreau, 2 * moreau + 1]);
    await uploadBatch(owner, examId, prenamed, 'scan-moreau.pdf');

    const batches = await owner.get(`/exams/${examId}/batches`);
    expect(batches.json.items.map((b: { status: string; copies: number }) => [b.status, b.copies]).sort()).toEqual([
      ['completed', 1],
      ['completed', 4],
    ]);
  });

  it('6. every copy is identified: by the QR code, by OCR, and the rest at the identification desk', async () => {
    const identified = await identifyEveryCopy({ owner, examId, stackBatchId, stackOrder, studentIds });
    for (const [name, copyId] of identified) copyOf.set(name, copyId);
    const now = (await owner.get(`/exams/${examId}/copies`)).json.items as CopyView[];
    expect(now.map((c) => [c.status, c.studentId]).sort()).toEqual([...copyOf.keys()].map((name) => ['READY', studentIds.get(name)]).sort());
    expect((await owner.get(`/exams/${examId}/identification`)).json.total).toBe(0);
    const absent = (await owner.get(`/exams/${examId}/absent-students`)).json.items;
    expect(absent.map((s: { studentId: string }) => s.studentId)).toEqual([studentIds.get('Roux')]);
  });

  const correction = () => ({ examId, owner, colleague, ...staff, studentIds });
  let assigned: Map<Client, string[]>;
  it('7. copies go to the two correctors; each sees only theirs, anonymous, and the header is masked', async () => {
    assigned = await dispatchAnonymously(correction(), newDevice);
  });

  it('8. correctors score every question, annotate and comment with If-Match; a stale write is refused; all copies are finalised', async () => {
    await gradeEveryCopy(correction(), { assigned, copyOf, leaves });
  });

  it('9. graded PDFs are rendered; the Pronote CSV and the ZIP exports hold every graded copy', async () => {
    await exportEveryCopy(examId, owner, copyOf, integrator);
  });

  it('10. results are released; a pupil accepts the charter first, then sees and downloads only their own copy', async () => {
    const charter = await schoolAdmin.get('/charter');
    const put = await schoolAdmin.put('/charter', { text: 'Vos copies et vos notes ne servent qu’à votre scolarité.' }, { ifMatch: charter.headers.etag! });
    expect(put.status).toBe(200);
    const released = await owner.post(`/exams/${examId}/release`);
    expect(released.json.releasedCopyIds).toHaveLength(copyOf.size);

    const invite = await schoolAdmin.post(`/students/${studentIds.get('Da Costa-Lefèvre')}/invite`, { delivery: 'link' });
    expect(invite.status).toBe(200);
    const lou = await onboard(platform.baseUrl, invite.json.invitation.url, { tenant: SCHOOL, login: invite.json.username, password: 'mon cartable est trop lourd' });

    const before = await lou.get('/me/results');
    expect([before.status, before.json.code]).toEqual([403, 'charter_not_accepted']);
    const mine = await lou.get('/me/charter');
    expect(mine.json).toMatchObject({ accepted: false, charter: { version: put.json.version } });
    expect((await lou.post('/me/charter/accept', { version: put.json.version })).json.accepted).toBe(true);

    const results = await eventually('the released result', async () => {
      const res = await lou.get('/me/results');
      return res.status === 200 && res.json.items.length > 0 ? res.json.items : null;
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ copyId: copyOf.get('Da Costa-Lefèvre'), total: '11.25', maxTotal: '15', scaleTo: 20, globalComment: marks['Da Costa-Lefèvre']!.comment });
    const pdf = await lou.get(results[0].pdfPath);
    expect([pdf.status, pdf.headers['content-type'], pdf.headers['cache-control']]).toEqual([200, 'application/pdf', 'private, no-store']);
    expect((await PDFDocument.load(pdf.body)).getPageCount()).toBeGreaterThanOrEqual(3); // summary + the two scanned pages

    const someoneElse = copyOf.get('Gâteau')!;
    expect((await lou.get(`/me/results/${someoneElse}`)).status).toBe(404);
    expect((await lou.get(`/me/results/${someoneElse}/pdf`)).status).toBe(404);
    expect((await lou.get(`/exams/${examId}`)).status).toBe(403);
  });

  it('11. another school sees nothing of this one, nothing was dead-lettered, and no log line holds a secret', async () => {
    for (const path of [`/exams/${examId}`, `/copies/${copyOf.get('Gâteau')}`, `/students/${studentIds.get('Gâteau')}`, `/exams/${examId}/exports`, `/exams/${examId}/stats`]) {
      expect([path, (await otherSchoolAdmin.get(path)).status]).toEqual([path, 404]);
    }
    expect((await otherSchoolAdmin.get('/exams')).json.total).toBe(0);

    const dead = await operator.get('/admin/dead-letters');
    expect([dead.json.total, dead.json.unavailable]).toEqual([0, []]);
    expect(linesHoldingSecrets(platform.logs)).toEqual([]);
  });
});
