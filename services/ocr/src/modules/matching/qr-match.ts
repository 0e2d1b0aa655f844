import { type CopyMatch } from './exam-matcher';

/**
 * A prenamed QR sheet says who the copy is: certain, without OCR, when that student is one of the
 * exam's (this tenant, the exam's classes). Another school's or class's student, or one the roster
 * does not know, leaves the copy to a person with no candidate.
 */
export function matchQrSheet(
  copy: { copyId: string; sheetStudentId: string; rejectedStudentIds: readonly string[] },
  examStudentIds: ReadonlySet<string>,
  taken: ReadonlySet<string>,
): CopyMatch {
  const { copyId, sheetStudentId } = copy;
  // A person undid this sheet's identification: the sheet is not to be trusted for this copy.
  if (copy.rejectedStudentIds.includes(sheetStudentId)) {
    return { copyId, decision: 'MANUAL', studentId: null, confidence: null, candidates: [], reason: 'refused' };
  }
  if (!examStudentIds.has(sheetStudentId)) {
    return { copyId, decision: 'MANUAL', studentId: null, confidence: null, candidates: [], reason: 'qr_student_unknown' };
  }
  const candidates = [{ studentId: sheetStudentId, score: 1, lastNameScore: null, firstNameScore: null, birthDateScore: null }];
  // Two sheets printed for one pupil: a person decides which copy is theirs.
  if (taken.has(sheetStudentId)) return { copyId, decision: 'SUGGEST', studentId: null, confidence: 1, candidates, reason: 'contested' };
  return { copyId, decision: 'AUTO', studentId: sheetStudentId, confidence: 1, candidates, reason: 'qr' };
}
