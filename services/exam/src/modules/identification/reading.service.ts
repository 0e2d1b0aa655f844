import { type AcceptSuggestionsResult, type CopyReadV1 } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { PermanentError } from '@gradeline/messaging';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertExamNotClosed } from '../copy/copy-access';
import { type Copy } from '../copy/copy.entity';
import { copyRepository } from '../copy/copy.repository';
import { examRepository } from '../exam/exam.repository';
import { type ExamService } from '../exam/exam.service';
import { CopyReading } from './copy-reading.entity';
import { flushIdentifications, link } from './copy-identity';
import { identificationRepository } from './identification.repository';
import { beforeGrading, readingVerdict, undecided } from './identification.rules';
import { refusalFor } from './student-eligibility';

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
   * likelier one gets them. The others are listed with the reason they were skipped.
   */
  async acceptSuggestions(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string, minScore: number): Promise<AcceptSuggestionsResult> {
    const exam = await this.deps.exams.load(em, caller, examId, 'manage');
    assertExamNotClosed(exam);
    const copies = await identificationRepository.undecided(em, caller.tenantId, examId);
    const readings = await identificationRepository.readings(em, caller.tenantId, copies.map((c) => c.id));
    const suggested = copies
      .map((copy) => ({ copy, best: readings.get(copy.id)?.decision === 'SUGGEST' ? readings.get(copy.id)?.candidates[0] : undefined }))
      .filter((s): s is { copy: Copy; best: NonNullable<typeof s.best> } => s.best !== undefined && s.best.score >= minScore)
      .sort((a, b) => b.best.score - a.best.score || (a.copy.id < b.copy.id ? -1 : 1));
    const result: AcceptSuggestionsResult = { examId, accepted: [], skipped: [] };
    const now = this.deps.clock.now();
    for (const { copy, best } of suggested) {
      const refused = readings.get(copy.id)?.refusedStudentIds.includes(best.studentId);
      const refusal = refused ? { code: 'student_refused' as const } : await refusalFor(em, exam, copy, best.studentId);
      if (refusal) {
        result.skipped.push({ copyId: copy.id, studentId: best.studentId, reason: refusal.code });
        continue;
      }
      link(changes, copy, best.studentId, 'bulk', best.score, now);
      // Written at once, so the next suggestion's check sees this student as taken.
      await flushIdentifications(em);
      result.accepted.push({ copyId: copy.id, studentId: best.studentId, score: best.score });
    }
    const details = { minScore, accepted: result.accepted.length, skipped: result.skipped.length };
    changes.audit({ action: 'identification.bulk_accepted', subjectType: 'exam', subjectId: examId, details });
    return result;
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
