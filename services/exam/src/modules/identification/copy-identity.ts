import { type IdentificationMethod } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type ChangeRecorder } from '../../http/change-recorder';
import { type Copy } from '../copy/copy.entity';
import { promoteIfReady } from '../copy/copy-moves';

/** Links a copy to a student (exam.copy.identified.v1, audited); an identified STAGING copy becomes READY. */
export function link(changes: ChangeRecorder, copy: Copy, studentId: string, method: IdentificationMethod, confidence: number | null, now: Date): void {
  Object.assign(copy, { studentId, identificationMethod: method, identificationConfidence: confidence, updatedAt: now });
  changes.event('exam.copy.identified.v1', { copyId: copy.id, examId: copy.examId, studentId, method, confidence });
  changes.audit({ action: 'copy.identified', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, studentId, method } });
  promoteIfReady(changes, copy, now);
}

/** Unlinks a copy from its student (exam.copy.unidentified.v1, audited); the caller moves its status. */
export function unlink(changes: ChangeRecorder, copy: Copy, now: Date): string {
  const previousStudentId = copy.studentId as string;
  Object.assign(copy, { studentId: null, identificationMethod: null, identificationConfidence: null, updatedAt: now });
  changes.event('exam.copy.unidentified.v1', { copyId: copy.id, examId: copy.examId, previousStudentId });
  changes.audit({ action: 'copy.unidentified', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, previousStudentId } });
  return previousStudentId;
}

/**
 * Writes identifications now, so that two requests racing for one student meet the unique index
 * (exam, student) here and the loser hears 409, not a failed commit.
 */
export async function flushIdentifications(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && error.message.includes('copy_exam_student_unique')) {
      throw new AppError('student_already_identified', 'Another copy of this exam was identified to this student at the same time.');
    }
    throw error;
  }
}
