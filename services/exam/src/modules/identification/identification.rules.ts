import { type CopyStatus } from '@gradeline/contracts';
import { type Copy } from '../copy/copy.entity';

/** Until grading starts a copy's identification may change; from then on it is what was graded. */
const BEFORE_GRADING: readonly CopyStatus[] = ['STAGING', 'QUARANTINE', 'READY'];

export function beforeGrading(copy: Pick<Copy, 'status' | 'gradingStartedAt'>): boolean {
  return BEFORE_GRADING.includes(copy.status) && copy.gradingStartedAt === null;
}

/** A person identified the copy (one by one or in bulk) or set it aside as blank. */
export function decidedByPerson(copy: Pick<Copy, 'identificationMethod' | 'blankReason'>): boolean {
  return copy.blankReason !== null || copy.identificationMethod === 'manual' || copy.identificationMethod === 'bulk';
}

/** Still waiting for someone to say whose it is. */
export function undecided(copy: Pick<Copy, 'studentId' | 'blankReason'>): boolean {
  return copy.studentId === null && copy.blankReason === null;
}

export type ReadingVerdict = 'stale' | 'person_decided' | 'apply';

/**
 * What to do with a reading of a copy (ocr.copy.read.v1): one older than the reading kept is
 * stale; once a person has decided the copy, OCR's later opinions change nothing; otherwise it
 * replaces the reading kept.
 */
export function readingVerdict(copy: Pick<Copy, 'identificationMethod' | 'blankReason'>, kept: { readAt: Date } | null, at: Date): ReadingVerdict {
  if (kept && at < kept.readAt) return 'stale';
  if (decidedByPerson(copy)) return 'person_decided';
  return 'apply';
}
