import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from '../values';
import { Candidate, HeaderFields, OcrDecision } from './events';

/** Why a copy got its decision, so a person sees what held an automatic identification back. */
export const MatchReason = z.enum([
  'auto',
  'qr',
  'nothing_read',
  'no_candidate',
  'low_score',
  'small_margin',
  'birth_date_not_exact',
  'name_score_low',
  'homonym',
  'contested',
  'assigned_elsewhere',
  'qr_student_unknown',
  'refused',
]);
export type MatchReason = z.infer<typeof MatchReason>;

/** A candidate with the roster's names (null once the student was removed from the roster). */
export const ReadingCandidate = Candidate.extend({
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  birthDate: IsoDate.nullable(),
  className: z.string().nullable(),
});
export type ReadingCandidate = z.infer<typeof ReadingCandidate>;

/** `GET /copies/:id/reading`: what was read on a copy's header, its candidates and the decision. */
export const ReadingView = z.object({
  readingId: Id,
  copyId: Id,
  examId: Id,
  revision: z.number().int().min(1),
  method: z.enum(['ocr', 'qr']),
  /** The OCR text as read, null for QR sheets and unreadable crops. */
  text: z.string().nullable(),
  ocrConfidence: z.number().min(0).max(1).nullable(),
  fields: HeaderFields.nullable(),
  decision: OcrDecision,
  reason: MatchReason,
  studentId: Id.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  candidates: z.array(ReadingCandidate),
  /** The student the exam service identified the copy as, when it did (the copy is then final). */
  identifiedStudentId: Id.nullable(),
  readAt: IsoDateTime,
  matchedAt: IsoDateTime,
  version: z.number().int().min(1),
});
export type ReadingView = z.infer<typeof ReadingView>;

/** `POST /exams/:id/readings/rematch`: the exam matched again from what was read (no OCR). */
export const RematchResult = z.object({
  examId: Id,
  matched: z.number().int().min(0),
  changed: z.number().int().min(0),
});
export type RematchResult = z.infer<typeof RematchResult>;
