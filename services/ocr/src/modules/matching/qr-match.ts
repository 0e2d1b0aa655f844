import { type CopyMatch } from './exam-matcher';

/**
 * A prenamed QR sheet says who the copy is: certain, without OCR, when that student is one of the
 * exam's (this tenant, the exam's classes). Another school's or class's student, or one the roster
 * does not know, leaves the copy to a person with no candidate.
 */
export function matchQrSheet(copyId: string, sheetStudentId: string, examStudentIds: ReadonlySet<string>, taken: ReadonlySet<string>): CopyMatch {
  if (!examStudentIds.has(sheetStudentId)) {
    return { copyId, decision: 'MANUAL', studentId: null, confidence: null, candidates: [], reason: 'qr_student_unknown' };
  }
  const candidates = [{ studentId: sheetStudentId, score: 1, lastNameScore: null, firstNameScore: null, birthDateScore: null }];
  // Two sheets printed for one pupil: a person decides which copy is theirs.
  if (taken.has(sheetStudentId)) return { copyId, decision: 'SUGGEST', studentId: null, confidence: 1, candidates, reason: 'contested' };
  return { copyId, decision: 'AUTO', studentId: sheetStudentId, confidence: 1, candidates, reason: 'qr' };
}
