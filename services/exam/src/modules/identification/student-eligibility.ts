import { type SkippedSuggestionReason } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, invalid } from '@gradeline/kit';
import { type Copy } from '../copy/copy.entity';
import { type Exam } from '../exam/exam.entity';
import { type RosterEntry } from '../roster/roster-entry.entity';
import { rosterRepository } from '../roster/roster.repository';
import { identificationRepository } from './identification.repository';

export type Refusal = { code: Exclude<SkippedSuggestionReason, 'student_refused'>; otherCopyId?: string };

/**
 * Why `studentId` cannot be linked to `copy`, or null when they can: the student must be on the
 * school's roster (the read model only holds this school's students) in one of the exam's
 * classes, and no other copy of the exam may be theirs.
 */
export async function refusalFor(em: EntityManager, exam: Exam, copy: Copy, studentId: string): Promise<Refusal | null> {
  if (!inExam(exam, await rosterRepository.find(em, exam.tenantId, studentId))) return { code: 'student_not_in_exam' };
  const holder = (await identificationRepository.identified(em, exam.tenantId, exam.id, [studentId])).get(studentId);
  if (holder !== undefined && holder !== copy.id) return { code: 'student_taken', otherCopyId: holder };
  return null;
}

/** A roster entry of the exam's school (the read model holds no other) in one of its classes. */
export function inExam(exam: Pick<Exam, 'classNames'>, entry: RosterEntry | null | undefined): boolean {
  return !!entry && !entry.removed && exam.classNames.includes(entry.className);
}

/** The refusal as a person's request hears it: 422 naming the field, or 409 naming the other copy. */
export function refusalError(refusal: Refusal): AppError {
  if (refusal.code === 'student_not_in_exam') {
    // Another school's student gets the same answer: their existence is not confirmed.
    return invalid('The student is not in one of the exam’s classes.', [{ path: 'studentId', message: 'not a student of the exam’s classes' }]);
  }
  return new AppError('student_already_identified', 'Another copy of this exam is already identified to this student.', {
    extensions: { copyId: refusal.otherCopyId },
  });
}
