import { type AcceptSuggestionsResult, type CopyReadV1 } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { PermanentError } from '@gradeline/messaging';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertExamNotClosed } from '../copy/copy-access';
import { copyRepository } from '../copy/copy.repository';
import { examRepository } from '../exam/exam.repository';
import { type ExamService } from '../exam/exam.service';
import { rosterRepository } from '../roster/roster.repository';
import { CopyReading } from './copy-reading.entity';
import { flushIdentifications, link } from './copy-identity';
import { identificationRepository } from './identification.repository';
import { beforeGrading, readingVerdict, undecided } from './identification.rules';
import { inExam, refusalFor } from './student-eligibility';

export type ReadOutcome = 'stale' | 'person_decided' | 'stored' | 'identified' | 'refused';

/** A reading names a copy this service has not registered yet (ingestion's event is still on its way): retried. */
export class CopyNotRegisteredYet extends Error {}

/** OCR's readings: kept for the desk, AUTO decisions applied, suggestions accepted in bulk. */
export class ReadingService {
  constructor(private readonly deps: { clock: Clock; exams: ExamService }) {}

  /**
   * ocr.copy.read.v1. A later reading replaces the one kept unless a person already decided the
   * copy. AUTO identifies an undecided copy (method `qr` for a prenamed sheet's code, else `auto`)
   * when its student is in the exam's classes, free, and not refused for this copy by a person;
   * otherwise the refusal is audited and the copy waits at the desk with its candidates.
   */
  async onRead(em: EntityManager, changes: ChangeRecorder, data: CopyReadV1, at: Date): Promise<ReadOutcome> {
    const exam = await examRepository.find(em, changes.tenantId, data.examId);
    if (!exam) throw new PermanentError('not_found', 'the reading names an exam this school does not have');
    const copy = await copyRepository.find(em, changes.tenantId, data.copyId);
    if (!copy) throw new CopyNotRegisteredYet(`copy ${data.copyId} is not registered yet`);
    if (copy.examId !== data.examId) throw new PermanentError('conflict', 'the reading names another exam than the copy’s');
    const kept = await identificationRepository.reading(em, changes.tenantId, copy.id);
    const verdict = readingVerdict(copy, kept, at);
    if (verdict !== 'apply') return verdict;
    const reading = kept ?? Object.assign(new CopyReading(), { copyId: copy.id, tenantId: copy.tenantId, examId: copy.examId });
    keep(reading, data, at);
    if (!kept) em.persist(reading);
    if (data.decision !== 'AUTO' || data.studentId === null || !undecided(copy) || !beforeGrading(copy)) return 'stored';
    const refusal = reading.refusedStudentIds.includes(data.studentId) ? { code: 'student_refused' as const } : await refusalFor(em, exam, copy, data.studentId);
    if (refusal) {
      const details = { examId: copy.examId, studentId: data.studentId, code: refusal.code };
      changes.audit({ action: 'copy.auto_identification_refused', subjectType: 'copy', subjectId: copy.id, outcome: 'failure', details });
      return 'refused';
    }
    link(changes, copy, data.studentId, data.method === 'qr' ? 'qr' : 'auto', data.confidence, this.deps.clock.now());
    return 'identified';
  }

  /**
   * Accepts every SUGGEST reading whose best candidate scores at least `minScore` and whose student
   * is free (method `bulk`), best scores first, so of two copies suggesting one student the
   * likelier one gets them. The others are listed with the reason they were skipped. Checked in
   * memory against one read of the roster and of the exam's identifications; a desk user who
   * identifies one of these students meanwhile meets the unique index (409, nothing accepted).
   */
  async acceptSuggestions(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string, minScore: number): Promise<AcceptSuggestionsResult> {
    const exam = await this.deps.exams.load(em, caller, examId, 'manage');
    assertExamNotClosed(exam);
    const suggested = await this.suggestions(em, caller.tenantId, examId, minScore);
    const roster = new Map((await rosterRepository.some(em, caller.tenantId, suggested.map((s) => s.best.studentId))).map((e) => [e.studentId, e]));
    const taken = new Set((await identificationRepository.identified(em, caller.tenantId, examId)).keys());
    const result: AcceptSuggestionsResult = { examId, accepted: [], skipped: [] };
    const now = this.deps.clock.now();
    for (const { copy, best, refused } of suggested) {
      const studentId = best.studentId;
      const reason = refused ? 'student_refused' : !inExam(exam, roster.get(studentId)) ? 'student_not_in_exam' : taken.has(studentId) ? 'student_taken' : null;
      if (reason) {
        result.skipped.push({ copyId: copy.id, studentId, reason });
        continue;
      }
      taken.add(studentId);
      link(changes, copy, studentId, 'bulk', best.score, now);
      result.accepted.push({ copyId: copy.id, studentId, score: best.score });
    }
    await flushIdentifications(em);
    const details = { minScore, accepted: result.accepted.length, skipped: result.skipped.length };
    changes.audit({ action: 'identification.bulk_accepted', subjectType: 'exam', subjectId: examId, details });
    return result;
  }

  /** Undecided copies whose SUGGEST reading's best candidate scores at least `minScore`, best first. */
  private async suggestions(em: EntityManager, tenantId: string, examId: string, minScore: number) {
    const copies = await identificationRepository.undecided(em, tenantId, examId);
    const readings = await identificationRepository.readings(em, tenantId, copies.map((c) => c.id));
    return copies
      .flatMap((copy) => {
        const reading = readings.get(copy.id);
        const best = reading?.decision === 'SUGGEST' ? reading.candidates[0] : undefined;
        return reading && best && best.score >= minScore ? [{ copy, best, refused: reading.refusedStudentIds.includes(best.studentId) }] : [];
      })
      .sort((a, b) => b.best.score - a.best.score || (a.copy.id < b.copy.id ? -1 : 1));
  }
}

function keep(reading: CopyReading, data: CopyReadV1, at: Date): void {
  Object.assign(reading, {
    readingId: data.readingId,
    method: data.method,
    decision: data.decision,
    studentId: data.studentId,
    confidence: data.confidence,
    fields: data.fields,
    candidates: data.candidates,
    bestScore: data.candidates[0]?.score ?? null,
    readAt: at,
  });
}
