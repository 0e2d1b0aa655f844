import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ExamView, type IdentificationDesk, type RosterList } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import {
  addCopies,
  addStaff,
  addStudents,
  as,
  assembled,
  auditOf,
  copyOf,
  createExam,
  moveExam,
  outboxEvents,
  reading,
  readyCopies,
  rows,
  startExamService,
  type ExamTestService,
  type Headers,
} from './support';

describe('identification from OCR and at the desk', () => {
  let svc: ExamTestService;
  const tenantId = randomUUID();
  let owner: Headers;
  let admin: Headers;

  beforeAll(async () => {
    svc = await startExamService();
    owner = await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId));
    admin = await as(svc, tenantId, 'admin');
  });
  afterAll(() => svc.close());

  let classes = 0;
  /** An open exam of two classes of its own, with `count` students in the first. */
  async function openExam(count = 4): Promise<{ exam: ExamView; students: string[] }> {
    classes += 1;
    const exam = await createExam(svc, owner, { classNames: [`3B${classes}`, `3C${classes}`] });
    await moveExam(svc, owner, exam.id, 'open');
    return { exam, students: await addStudents(svc, tenantId, `3B${classes}`, count) };
  }
  const post = (url: string, payload?: object, headers = owner) => svc.app.inject({ method: 'POST', url, headers, payload });
  const identify = (copyId: string, studentId: string) => post(`/copies/${copyId}/identify`, { studentId });
  const undo = (copyId: string) => svc.app.inject({ method: 'DELETE', url: `/copies/${copyId}/identification`, headers: owner });
  const desk = async (examId: string) => (await svc.app.inject({ url: `/exams/${examId}/identification`, headers: owner })).json<IdentificationDesk>();

  it('identifies a copy from an AUTO reading (OCR or a prenamed sheet’s QR code): READY, with its events and audit', async () => {
    const { exam, students } = await openExam(2);
    const [byOcr, byQr] = await addCopies(svc, tenantId, exam.id, 2);
    await svc.publish('ocr.copy.read.v1', tenantId, reading(byOcr!, exam.id, [[students[0]!, 0.93]], { decision: 'AUTO', studentId: students[0]!, confidence: 0.93 }));
    await svc.publish('ocr.copy.read.v1', tenantId, reading(byQr!, exam.id, [], { method: 'qr', fields: null, decision: 'AUTO', studentId: students[1]!, confidence: 1 }));
    await eventually('both READY', async () => (await rows(svc, "select 1 from copy where exam_id = ? and status = 'READY'", [exam.id])).length === 2);
    expect(await copyOf(svc, owner, byOcr!)).toMatchObject({ studentId: students[0], identificationMethod: 'auto', identificationConfidence: 0.93, status: 'READY' });
    expect(await copyOf(svc, owner, byQr!)).toMatchObject({ studentId: students[1], identificationMethod: 'qr', status: 'READY' });
    expect(await outboxEvents(svc, 'exam.copy.identified.v1', { copyId: byOcr! })).toEqual([{ copyId: byOcr, examId: exam.id, studentId: students[0], method: 'auto', confidence: 0.93 }]);
    expect((await outboxEvents(svc, 'exam.copy.transitioned.v1', { copyId: byOcr! })).map((t) => [t.from, t.to, t.reason])).toEqual([
      [null, 'STAGING', null],
      ['STAGING', 'READY', 'identified'],
    ]);
    expect(await outboxEvents(svc, 'exam.copy.ready.v1', { copyId: byOcr! })).toHaveLength(1);
    const [entry] = await auditOf(svc, admin, byOcr!, 'copy.identified');
    expect(entry).toMatchObject({ actor: { kind: 'system', name: 'exam.identification' }, details: { examId: exam.id, studentId: students[0], method: 'auto' } });
  });

  it('applies a reading that overtook its copy’s registration once the copy arrives', async () => {
    const { exam, students } = await openExam(1);
    const copy = assembled(exam.id);
    await svc.publish('ocr.copy.read.v1', tenantId, reading(copy.copyId, exam.id, [[students[0]!, 0.9]], { decision: 'AUTO', studentId: students[0]! }));
    await svc.publish('ingestion.copy.assembled.v1', tenantId, copy);
    await eventually('READY', async () => (await rows(svc, "select 1 from copy where id = ? and status = 'READY'", [copy.copyId])).length === 1);
  });

  it('puts SUGGEST copies on the desk, best score first, with named candidates and a private header link', async () => {
    const { exam, students } = await openExam(3);
    await readyCopies(svc, tenantId, exam.id, [students[2]!]);
    const cropKey = `${tenantId}/exams/${exam.id}/headers/${randomUUID()}.png`;
    await svc.deps.store.put(cropKey, Readable.from([Buffer.from('header pixels')]), { contentType: 'image/png' });
    const [low, high, unread] = await addCopies(svc, tenantId, exam.id, 3, { headerCropKey: cropKey });
    await svc.publish('ocr.copy.read.v1', tenantId, reading(low!, exam.id, [[students[0]!, 0.62], [students[2]!, 0.55]]));
    await svc.publish('ocr.copy.read.v1', tenantId, reading(high!, exam.id, [[students[1]!, 0.88]]));
    await eventually('the readings', async () => (await rows(svc, 'select 1 from copy_reading where copy_id in (?)', [[low, high]])).length === 2);
    const seen = await desk(exam.id);
    expect(seen.items.map((i) => i.copyId)).toEqual([high, low, unread]);
    expect(seen.total).toBe(3);
    expect(seen.items[1]!.candidates).toEqual([
      expect.objectContaining({ studentId: students[0], score: 0.62, lastName: 'Lefèvre', firstName: 'Anaïs', className: exam.classNames[0], takenByCopyId: null }),
      expect.objectContaining({ studentId: students[2], lastName: 'De La Fontaine', takenByCopyId: expect.any(String) }),
    ]);
    expect(seen.items[1]!.reading).toMatchObject({ decision: 'SUGGEST', method: 'ocr', fields: { lastName: 'DURAND' } });
    expect(seen.items[2]).toMatchObject({ reading: null, candidates: [] });
    const url = new URL(seen.items[0]!.headerUrl!);
    expect(url.origin + url.pathname).toMatch(/^http:\/\/gradeline\.test\/api\/v1\/files\/exam\//);
    const image = await svc.app.inject({ url: url.pathname.replace('/api/v1/files/exam', '/files') });
    expect(image.body).toBe('header pixels');
    expect(image.headers['cache-control']).toContain('no-store');
  });

  it('confirms a candidate, and picks any student of the exam’s classes found by an accent-blind search', async () => {
    const { exam, students } = await openExam(3);
    const [first, second] = await addCopies(svc, tenantId, exam.id, 2);
    await svc.publish('ocr.copy.read.v1', tenantId, reading(first!, exam.id, [[students[1]!, 0.71]]));
    await eventually('the reading', async () => (await desk(exam.id)).items.some((i) => i.candidates.length > 0));
    const confirmed = await identify(first!, students[1]!);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'READY', studentId: students[1], identificationMethod: 'manual', identificationConfidence: 0.71 });
    expect(confirmed.headers.etag).toBe(`"${confirmed.json().version}"`);
    const found = (await svc.app.inject({ url: `/exams/${exam.id}/roster?search=LEFEVRE%20anais`, headers: owner })).json<RosterList>();
    expect(found.items).toEqual([expect.objectContaining({ studentId: students[0], lastName: 'Lefèvre', copyId: null })]);
    expect((await identify(second!, students[0]!)).json()).toMatchObject({ status: 'READY', identificationMethod: 'manual', identificationConfidence: null });
    expect((await desk(exam.id)).items).toEqual([]);
    const roster = (await svc.app.inject({ url: `/exams/${exam.id}/roster`, headers: owner })).json<RosterList>();
    expect(roster.items.filter((s) => s.copyId !== null).map((s) => [s.studentId, s.copyId])).toEqual(
      expect.arrayContaining([[students[0], second], [students[1], first]]),
    );
    expect((await identify(first!, students[1]!)).statusCode).toBe(200);
    expect(await outboxEvents(svc, 'exam.copy.identified.v1', { copyId: first! })).toHaveLength(1);
  });

  it('never identifies a copy to a student of another school or of a class not in the exam', async () => {
    const { exam } = await openExam(0);
    const [copyId] = await addCopies(svc, tenantId, exam.id, 1);
    const [otherClass] = await addStudents(svc, tenantId, '4A', 1);
    const [otherSchool] = await addStudents(svc, randomUUID(), exam.classNames[0]!, 1);
    for (const studentId of [otherClass!, otherSchool!, randomUUID()]) {
      const res = await identify(copyId!, studentId);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'studentId' }] });
    }
    await svc.publish('ocr.copy.read.v1', tenantId, reading(copyId!, exam.id, [[otherClass!, 0.97]], { decision: 'AUTO', studentId: otherClass! }));
    await eventually('the refusal', async () => (await auditOf(svc, admin, copyId!, 'copy.auto_identification_refused')).length === 1);
    expect(await auditOf(svc, admin, copyId!, 'copy.auto_identification_refused')).toEqual([
      expect.objectContaining({ outcome: 'failure', details: { examId: exam.id, studentId: otherClass, code: 'student_not_in_exam' } }),
    ]);
    expect(await copyOf(svc, owner, copyId!)).toMatchObject({ studentId: null, status: 'STAGING' });
  });

  it('never identifies two copies of the exam to one student, even when two people race', async () => {
    const { exam, students } = await openExam(2);
    const [taken] = await readyCopies(svc, tenantId, exam.id, [students[0]!]);
    const [a, b, c] = await addCopies(svc, tenantId, exam.id, 3);
    const twice = await identify(a!, students[0]!);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'student_already_identified', copyId: taken });
    const race = await Promise.all([identify(a!, students[1]!), identify(b!, students[1]!)]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(race.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'student_already_identified' });
    await svc.publish('ocr.copy.read.v1', tenantId, reading(c!, exam.id, [[students[0]!, 0.99]], { decision: 'AUTO', studentId: students[0]! }));
    await eventually('the refusal', async () => (await auditOf(svc, admin, c!, 'copy.auto_identification_refused')).length === 1);
    const counts = await rows<{ n: number }>(svc, 'select count(*)::int as n from copy where exam_id = ? and student_id is not null group by student_id', [exam.id]);
    expect(counts).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('sets blank and absent students’ sheets aside, out of the desk, and undoes that', async () => {
    const { exam, students } = await openExam(1);
    const [blank] = await addCopies(svc, tenantId, exam.id, 1);
    const [absent] = await readyCopies(svc, tenantId, exam.id, [students[0]!]);
    const marked = await post(`/copies/${blank}/mark-blank`, { reason: 'blank' });
    expect(marked.json()).toMatchObject({ status: 'QUARANTINE', statusReason: 'blank', blankReason: 'blank' });
    expect((await desk(exam.id)).items).toEqual([]);
    expect((await identify(blank!, students[0]!)).json()).toMatchObject({ status: 409, code: 'copy_not_identifiable' });
    expect((await post(`/copies/${blank}/mark-blank`, { reason: 'sleepy' })).statusCode).toBe(422);
    expect((await post(`/copies/${absent}/mark-blank`, { reason: 'absent' })).json()).toMatchObject({ status: 'QUARANTINE', blankReason: 'absent', studentId: null });
    expect(await outboxEvents(svc, 'exam.copy.unidentified.v1', { copyId: absent! })).toEqual([{ copyId: absent, examId: exam.id, previousStudentId: students[0] }]);
    expect((await outboxEvents(svc, 'exam.copy.transitioned.v1', { copyId: absent! })).at(-1)).toMatchObject({ from: 'READY', to: 'QUARANTINE', reason: 'absent' });
    const lifted = await undo(blank!);
    expect(lifted.json()).toMatchObject({ status: 'STAGING', blankReason: null, statusReason: 'blank_lifted' });
    expect((await desk(exam.id)).items.map((i) => i.copyId)).toEqual([blank]);
    expect((await auditOf(svc, admin, blank!)).map((e) => e.action)).toEqual(expect.arrayContaining(['copy.marked_blank', 'copy.blank_lifted']));
  });

  it('undoes an identification until grading starts, and never gives OCR’s refused choice back automatically', async () => {
    const { exam, students } = await openExam(2);
    const [wrong, graded] = await readyCopies(svc, tenantId, exam.id, students);
    const undone = await undo(wrong!);
    expect(undone.json()).toMatchObject({ status: 'STAGING', studentId: null, statusReason: 'unidentified' });
    expect(await outboxEvents(svc, 'exam.copy.unidentified.v1', { copyId: wrong! })).toEqual([{ copyId: wrong, examId: exam.id, previousStudentId: students[0] }]);
    expect((await undo(wrong!)).json()).toMatchObject({ status: 409, code: 'copy_not_identifiable' });
    await svc.publish('ocr.copy.read.v1', tenantId, reading(wrong!, exam.id, [[students[0]!, 0.96]], { decision: 'AUTO', studentId: students[0]! }));
    await eventually('the refusal', async () => (await auditOf(svc, admin, wrong!, 'copy.auto_identification_refused')).length === 1);
    expect((await auditOf(svc, admin, wrong!, 'copy.auto_identification_refused'))[0]!.details).toMatchObject({ code: 'student_refused' });
    expect((await identify(wrong!, students[0]!)).json()).toMatchObject({ status: 'READY', identificationMethod: 'manual' });
    await svc.publish('grading.copy.started.v1', tenantId, { copyId: graded!, examId: exam.id, correctorId: randomUUID() });
    await eventually('IN_GRADING', async () => (await copyOf(svc, owner, graded!)).status === 'IN_GRADING');
    const refused = await undo(graded!);
    expect(refused.json()).toMatchObject({ status: 409, code: 'copy_not_identifiable', currentStatus: 'IN_GRADING' });
    expect((await post(`/copies/${graded}/mark-blank`, { reason: 'blank' })).statusCode).toBe(409);
  });

  it('lets a later reading replace an earlier one until a person decides', async () => {
    const { exam, students } = await openExam(3);
    const [copyId] = await addCopies(svc, tenantId, exam.id, 1);
    await svc.publish('ocr.copy.read.v1', tenantId, reading(copyId!, exam.id, [[students[0]!, 0.6]]));
    await svc.publish('ocr.copy.read.v1', tenantId, reading(copyId!, exam.id, [[students[1]!, 0.8]]));
    await eventually('the second reading', async () => (await desk(exam.id)).items[0]?.candidates[0]?.studentId === students[1]);
    expect((await identify(copyId!, students[2]!)).statusCode).toBe(200);
    const late = reading(copyId!, exam.id, [[students[1]!, 0.99]], { decision: 'AUTO', studentId: students[1]! });
    const messageId = await svc.publish('ocr.copy.read.v1', tenantId, late);
    await eventually('the late reading handled', async () => (await rows(svc, "select 1 from inbox where consumer = 'exam--copy-readings' and message_id = ?", [messageId])).length === 1);
    expect(await copyOf(svc, owner, copyId!)).toMatchObject({ studentId: students[2], identificationMethod: 'manual' });
    expect((await rows<{ reading_id: string }>(svc, 'select reading_id from copy_reading where copy_id = ?', [copyId]))[0]!.reading_id).not.toBe(late.readingId);
  });

  it('accepts suggestions in bulk above a chosen score, the likelier copy first, each student once', async () => {
    const { exam, students } = await openExam(4);
    const [otherClass] = await addStudents(svc, tenantId, '4A', 1);
    const taken = students[3]!;
    await readyCopies(svc, tenantId, exam.id, [taken]);
    const [likely, rival, weak, takenOne, stranger] = await addCopies(svc, tenantId, exam.id, 5);
    const suggestions: [string, string, number][] = [[likely!, students[0]!, 0.86], [rival!, students[0]!, 0.8], [weak!, students[1]!, 0.6], [takenOne!, taken, 0.9], [stranger!, otherClass!, 0.95]];
    for (const [copyId, studentId, score] of suggestions) await svc.publish('ocr.copy.read.v1', tenantId, reading(copyId, exam.id, [[studentId, score]]));
    await eventually('the readings', async () => (await rows(svc, 'select 1 from copy_reading where exam_id = ?', [exam.id])).length === 6);
    const res = await post(`/exams/${exam.id}/identification/accept`, { minScore: 0.75 });
    expect(res.json()).toEqual({
      examId: exam.id,
      accepted: [{ copyId: likely, studentId: students[0], score: 0.86 }],
      skipped: [
        { copyId: stranger, studentId: otherClass, reason: 'student_not_in_exam' },
        { copyId: takenOne, studentId: taken, reason: 'student_taken' },
        { copyId: rival, studentId: students[0], reason: 'student_taken' },
      ],
    });
    expect(await copyOf(svc, owner, likely!)).toMatchObject({ status: 'READY', identificationMethod: 'bulk', identificationConfidence: 0.86 });
    expect(await copyOf(svc, owner, weak!)).toMatchObject({ studentId: null });
    expect((await post(`/exams/${exam.id}/identification/accept`, { minScore: 1.5 })).statusCode).toBe(422);
  });

  it('lists the students of the exam’s classes who have no copy', async () => {
    const { exam, students } = await openExam(3);
    await addStudents(svc, tenantId, '4A', 1);
    await readyCopies(svc, tenantId, exam.id, [students[1]!]);
    const absent = (await svc.app.inject({ url: `/exams/${exam.id}/absent-students`, headers: owner })).json<RosterList>();
    const mine = absent.items.filter((s) => students.includes(s.studentId)).map((s) => s.studentId);
    expect(mine.sort()).toEqual([students[0], students[2]].sort());
    expect(absent.items.every((s) => exam.classNames.includes(s.className) && s.copyId === null)).toBe(true);
    expect(absent.total).toBe(2);
  });
});
