import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type AuditPage, type ExamView } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { examObjectPrefix } from '../src/modules/retention/retention-purged.consumer';
import { addStaff, as, assembled, createExam, moveExam, reading, rows, startExamService, type ExamTestService, type Headers } from './support';

describe('retention purge', () => {
  let svc: ExamTestService;
  const school = randomUUID();
  const otherSchool = randomUUID();

  beforeAll(async () => {
    svc = await startExamService();
  });
  afterAll(() => svc.close());

  /** An open exam with a scheme, two registered copies with their OCR readings, and a dispatch run. */
  async function examWithCopies(tenantId: string): Promise<{ exam: ExamView; owner: Headers }> {
    const ownerId = await addStaff(svc, tenantId);
    const owner = await as(svc, tenantId, 'teacher', ownerId);
    const exam = await createExam(svc, owner, { correctorIds: [ownerId] });
    await svc.app.inject({ method: 'PUT', url: `/exams/${exam.id}/scheme`, headers: { ...owner, 'if-match': '"0"' }, payload: { nodes: [{ label: 'Q', maxPoints: '20' }] } });
    await moveExam(svc, owner, exam.id, 'open');
    for (let i = 0; i < 2; i++) {
      const copy = assembled(exam.id);
      await svc.publish('ingestion.copy.assembled.v1', tenantId, copy);
      await svc.publish('ocr.copy.read.v1', tenantId, reading(copy.copyId, exam.id));
    }
    await eventually('the readings', async () => (await rows(svc, 'select 1 from copy_reading where exam_id = ?', [exam.id])).length === 2);
    expect((await svc.app.inject({ method: 'POST', url: `/exams/${exam.id}/dispatch`, headers: owner })).statusCode).toBe(201);
    return { exam, owner };
  }

  const countsOf = async (examId: string) => ({
    exams: (await rows(svc, 'select 1 from exam where id = ?', [examId])).length,
    schemes: (await rows(svc, 'select 1 from scheme_version where exam_id = ?', [examId])).length,
    copies: (await rows(svc, 'select 1 from copy where exam_id = ?', [examId])).length,
    readings: (await rows(svc, 'select 1 from copy_reading where exam_id = ?', [examId])).length,
    runs: (await rows(svc, 'select 1 from dispatch_run where exam_id = ?', [examId])).length,
  });

  it('deletes the expired exams of the school that published it, with their objects, and only those', async () => {
    const expired = await examWithCopies(school);
    const kept = await examWithCopies(school);
    const elsewhere = await examWithCopies(otherSchool);
    const key = `${examObjectPrefix(school, expired.exam.id)}leftover.bin`;
    await svc.deps.store.put(key, Readable.from([Buffer.from('x')]));
    await svc.publish('export.retention.purged.v1', school, { examIds: [expired.exam.id, elsewhere.exam.id], copies: 2, objects: 2 });
    await eventually('the purge', async () => (await countsOf(expired.exam.id)).exams === 0);
    expect(await countsOf(expired.exam.id)).toEqual({ exams: 0, schemes: 0, copies: 0, readings: 0, runs: 0 });
    expect(await svc.deps.store.head(key)).toBeNull();
    const whole = { exams: 1, schemes: 1, copies: 2, readings: 2, runs: 1 };
    expect(await countsOf(kept.exam.id)).toEqual(whole);
    expect(await countsOf(elsewhere.exam.id)).toEqual(whole);
    const admin = await as(svc, school, 'admin');
    const audit = (await svc.app.inject({ url: '/admin/audit?action=exam.purged', headers: admin })).json<AuditPage>();
    expect(audit.items).toEqual([
      expect.objectContaining({ subjectId: expired.exam.id, actor: { kind: 'system', name: 'exam.retention' }, details: { copies: 2, schemeVersions: 1, readings: 2, dispatchRuns: 1, objects: 1 } }),
    ]);
    expect((await svc.app.inject({ url: `/exams/${expired.exam.id}`, headers: expired.owner })).statusCode).toBe(404);
  });
});
