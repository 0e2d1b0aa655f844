import { type BlankReason } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertCurrentVersion } from '../../http/versioning';
import { assertExamNotClosed, loadCopy } from '../copy/copy-access';
import { type Copy } from '../copy/copy.entity';
import { move } from '../copy/copy-moves';
import { copyView } from '../copy/copy.view';
import { INCOMPLETE } from '../copy/copy.service';
import { recordReassigned } from '../dispatch/assignment-moves';
import { type Exam } from '../exam/exam.entity';
import { flushIdentifications, link, unlink } from './copy-identity';
import { identificationRepository } from './identification.repository';
import { beforeGrading, undecided } from './identification.rules';
import { refusalError, refusalFor } from './student-eligibility';

/** Reasons of the moves the desk makes (codes; a person's words never go in them). */
export const UNIDENTIFIED = 'unidentified';
export const BLANK_LIFTED = 'blank_lifted';

/**
 * What a person decides at the identification desk about one copy: whose it is, that it is blank
 * (or an absent student's), or that the decision was wrong. All of it only before grading starts;
 * a copy already decided must be undone before another decision.
 */
export class IdentificationService {
  constructor(private readonly deps: { clock: Clock }) {}

  /** Confirm a candidate or pick any student of the exam's classes (method `manual`). */
  async identify(em: EntityManager, changes: ChangeRecorder, caller: Caller, copyId: string, studentId: string, expected: number | null): Promise<Copy> {
    const { copy, exam } = await this.loadForDecision(em, caller, copyId, expected);
    if (copy.studentId === studentId) return copy;
    assertUndecided(copy);
    const refusal = await refusalFor(em, exam, copy, studentId);
    if (refusal) throw refusalError(refusal);
    const reading = await identificationRepository.reading(em, caller.tenantId, copyId);
    const confidence = reading?.candidates.find((c) => c.studentId === studentId)?.score ?? null;
    link(changes, copy, studentId, 'manual', confidence, this.deps.clock.now());
    await flushIdentifications(em);
    return copy;
  }

  /**
   * A blank sheet, or the sheet of an absent student: set aside (QUARANTINE, reason `blank` or
   * `absent`), out of dispatch, grading and exports. An identification is undone and a corrector
   * unassigned on the way.
   */
  async markBlank(em: EntityManager, changes: ChangeRecorder, caller: Caller, copyId: string, reason: BlankReason, expected: number | null): Promise<Copy> {
    const { copy } = await this.loadForDecision(em, caller, copyId, expected);
    if (copy.blankReason === reason) return copy;
    if (copy.blankReason !== null) throw notIdentifiable(copy, 'The copy is already set aside as blank: undo that first.');
    const now = this.deps.clock.now();
    if (copy.studentId !== null) unlink(changes, copy, now);
    if (copy.correctorId !== null) recordReassigned(changes, copy, null, reason, null, now);
    copy.blankReason = reason;
    if (copy.status === 'QUARANTINE') Object.assign(copy, { statusReason: reason, updatedAt: now });
    else move(changes, copy, 'QUARANTINE', reason, now);
    changes.audit({ action: 'copy.marked_blank', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, blankReason: reason } });
    return copy;
  }

  /**
   * Undoes the desk's (or OCR's) decision: unlinks the student (READY → STAGING) or lifts a blank
   * mark (back to STAGING, or QUARANTINE `incomplete` when pages are missing). A student OCR chose
   * is never chosen for this copy automatically again.
   */
  async undo(em: EntityManager, changes: ChangeRecorder, caller: Caller, copyId: string, expected: number | null): Promise<Copy> {
    const { copy } = await this.loadForDecision(em, caller, copyId, expected);
    const now = this.deps.clock.now();
    if (copy.blankReason !== null) {
      changes.audit({ action: 'copy.blank_lifted', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, blankReason: copy.blankReason } });
      copy.blankReason = null;
      if (copy.complete) move(changes, copy, 'STAGING', BLANK_LIFTED, now);
      else Object.assign(copy, { statusReason: INCOMPLETE, updatedAt: now });
      return copy;
    }
    if (copy.studentId === null) throw notIdentifiable(copy, 'The copy is not identified: there is nothing to undo.');
    if (copy.identificationMethod === 'auto' || copy.identificationMethod === 'qr') await this.refuseForCopy(em, copy, copy.studentId);
    unlink(changes, copy, now);
    if (copy.status === 'READY') move(changes, copy, 'STAGING', UNIDENTIFIED, now);
    return copy;
  }

  private async loadForDecision(em: EntityManager, caller: Caller, copyId: string, expected: number | null): Promise<{ copy: Copy; exam: Exam }> {
    const found = await loadCopy(em, caller, copyId);
    assertCurrentVersion('copy', expected, found.copy.version, () => copyView(found.copy));
    assertExamNotClosed(found.exam);
    if (!beforeGrading(found.copy)) throw notIdentifiable(found.copy, 'Grading has started on this copy: its identification no longer changes.');
    return found;
  }

  private async refuseForCopy(em: EntityManager, copy: Copy, studentId: string): Promise<void> {
    const reading = await identificationRepository.reading(em, copy.tenantId, copy.id);
    if (reading && !reading.refusedStudentIds.includes(studentId)) reading.refusedStudentIds = [...reading.refusedStudentIds, studentId];
  }
}

function assertUndecided(copy: Copy): void {
  if (!undecided(copy)) throw notIdentifiable(copy, 'The copy is already identified or set aside as blank: undo that first.');
}

function notIdentifiable(copy: Copy, message: string): AppError {
  return new AppError('copy_not_identifiable', message, { extensions: { currentStatus: copy.status } });
}
