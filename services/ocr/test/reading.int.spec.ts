import { randomUUID } from 'node:crypto';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../src/config';
import { Reading } from '../src/modules/reading/reading.entity';
import { service } from '../src/service';
import { assembleCopy, collectReadEvents, examData, publishPupils, pupil } from './fixtures';

jest.setTimeout(90_000);

// The OCR pipeline end to end on generated headers: crop in the store, ingestion.copy.assembled.v1
// on the bus, a real tesseract.js pool, the read model from identity's and exam's events, and the
// ocr.copy.read.v1 the relay publishes. One warm pool for the whole file.
describe('reading and matching copies’ headers', () => {
  let svc: TestService<Config>;
  let read: ReturnType<typeof collectReadEvents>;
  const tenantId = randomUUID();
  const otherTenant = randomUUID();
  const examId = randomUUID();
  const fontaine = pupil('Fontaine', 'Anaïs', '2011-06-24');
  const lemaire = pupil('Lemaire', 'Hugo', '2010-11-02');
  const marchand = pupil('Marchand', 'Louis', '2010-12-19', '3B');
  const twinA = pupil('Girard', 'Emma', '2011-03-15');
  const twinB = pupil('Girard', 'Emma', '2011-03-15', '3B');
  const renard = pupil('Renard', 'Jules', '2011-01-09');
  const late = pupil('Perrin', 'Chloé', '2011-08-30');
  const elsewhere = pupil('Moulin', 'Sarah', '2011-02-21', '3C'); // a class the exam does not have
  const foreign = { ...pupil('Moulin', 'Sarah', '2011-02-21'), studentId: randomUUID() }; // the same pupil data in another school

  const decisionOf = (copyId: string) => read.of(copyId).at(-1);

  beforeAll(async () => {
    svc = await startTestService(service, { env: { OCR_WORKERS: '2', OCR_REMATCH_DELAY_MS: '300' } });
    read = collectReadEvents(svc);
    await svc.publish('exam.exam.created.v1', tenantId, examData(examId, ['3A', '3B']));
    await publishPupils(svc, tenantId, [fontaine, lemaire, marchand, twinA, twinB, renard, elsewhere]);
    await publishPupils(svc, otherTenant, [foreign]);
  });
  afterAll(() => svc.close());

  it('identifies an exactly written header on its own, and shows what was read to the desk', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: fontaine, seed: 2 });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    expect(decisionOf(copyId)).toMatchObject({ decision: 'AUTO', studentId: fontaine.studentId, method: 'ocr', fields: { birthDate: '2011-06-24' } });
    const res = await svc.app.inject({ url: `/copies/${copyId}/reading`, headers: await svc.as({ role: 'teacher', tenantId }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${res.json().version}"`);
    expect(res.json()).toMatchObject({ decision: 'AUTO', reason: 'auto', fields: { lastName: 'FONTAINE', firstName: expect.stringMatching(/^Ana[iï]s$/) } });
    expect(res.json().candidates[0]).toMatchObject({ studentId: fontaine.studentId, lastName: 'Fontaine', firstName: 'Anaïs', className: '3A', score: 1 });
    expect(res.json().text).toContain('FONTAINE');
  });

  it('still identifies on its own after a one-letter OCR slip when the birth date matches', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: lemaire, seed: 3, ocrSlip: true });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    const event = decisionOf(copyId)!;
    expect(event).toMatchObject({ decision: 'AUTO', studentId: lemaire.studentId });
    expect(event.confidence).toBeLessThan(1);
  });

  it('never identifies on its own when the birth date differs from the roster', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: { ...renard, birthDate: '2011-01-19' }, seed: 4 });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    expect(decisionOf(copyId)).toMatchObject({ decision: 'SUGGEST', studentId: null });
    expect(decisionOf(copyId)!.candidates[0]!.studentId).toBe(renard.studentId);
  });

  it('never identifies homonyms (same name and birth date) on their own', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: twinA, seed: 5 });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    expect(decisionOf(copyId)).toMatchObject({ decision: 'SUGGEST', studentId: null });
    expect(decisionOf(copyId)!.candidates.slice(0, 2).map((c) => c.studentId).sort()).toEqual([twinA.studentId, twinB.studentId].sort());
  });

  it('never assigns one student to two copies that read the same name', async () => {
    const first = await assembleCopy(svc, tenantId, examId, { student: marchand, seed: 6 });
    const second = await assembleCopy(svc, tenantId, examId, { student: marchand, seed: 7 });
    await eventually('both readings', () => read.of(first).length > 0 && read.of(second).length > 0, 30_000);
    await eventually('the matching settled', async () => (await svc.deps.orm.em.fork().count(Reading, { copyId: [first, second], decision: 'AUTO' })) <= 1);
    // Whichever was matched first got the student; the other is left to a person.
    const events = [...read.of(first), ...read.of(second)];
    const autoCopies = new Set(read.events.filter((e) => e.data.decision === 'AUTO' && e.data.studentId === marchand.studentId).map((e) => e.data.copyId));
    expect(autoCopies.size).toBe(1);
    expect(events.some((e) => e.decision !== 'AUTO')).toBe(true);
  });

  it('never identifies a copy to a student of another school or of a class the exam does not have', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: elsewhere, seed: 8 });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    const ids = decisionOf(copyId)!.candidates.map((c) => c.studentId);
    expect(ids).not.toContain(elsewhere.studentId);
    expect(ids).not.toContain(foreign.studentId);
    expect(decisionOf(copyId)!.decision).not.toBe('AUTO');
  });

  it('re-matches when the roster changes, without reading the header again', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, { student: late, seed: 9 });
    await eventually('the reading', () => read.of(copyId).length > 0, 30_000);
    expect(decisionOf(copyId)!.decision).not.toBe('AUTO');
    const before = await svc.deps.orm.em.fork().findOneOrFail(Reading, { copyId });
    await publishPupils(svc, tenantId, [late]);
    await eventually('the re-match', () => decisionOf(copyId)?.decision === 'AUTO', 20_000);
    expect(decisionOf(copyId)!.studentId).toBe(late.studentId);
    const after = await svc.deps.orm.em.fork().findOneOrFail(Reading, { copyId });
    expect(after.readAt).toEqual(before.readAt);
    expect(after.text).toBe(before.text);
    expect(after.id).toBe(before.id);
  });

  it('identifies a prenamed QR sheet with certainty, without OCR', async () => {
    // The crop key names no object: reading it would find nothing, so AUTO can only come from the QR.
    const copyId = await assembleCopy(svc, tenantId, examId, null, { sheetStudentId: renard.studentId, headerCropKey: `${tenantId}/missing.png` });
    await eventually('the reading', () => read.of(copyId).length > 0);
    expect(decisionOf(copyId)).toMatchObject({ decision: 'AUTO', method: 'qr', studentId: renard.studentId, confidence: 1, fields: null });
    const stored = await svc.deps.orm.em.fork().findOneOrFail(Reading, { copyId });
    expect(stored.text).toBeNull();
  });

  it('leaves a QR sheet naming a student outside the exam to a person, and audits it', async () => {
    const copyId = await assembleCopy(svc, tenantId, examId, null, { sheetStudentId: foreign.studentId });
    await eventually('the reading', () => read.of(copyId).length > 0);
    expect(decisionOf(copyId)).toMatchObject({ decision: 'MANUAL', method: 'qr', studentId: null, candidates: [] });
    const admin = await svc.as({ role: 'admin', tenantId });
    const audit = await svc.app.inject({ url: `/admin/audit?action=reading.qr_student_refused&subjectId=${copyId}`, headers: admin });
    expect(audit.json()).toMatchObject({ total: 1, items: [{ actor: { kind: 'system' }, outcome: 'failure' }] });
  });
});
