import { z } from 'zod';
import { Candidate, HeaderFields, OcrDecision } from '../ocr/events';
import { CopyStatus, Id, IsoDate, Pagination } from '../values';

// The identification desk of the exam service (re-exported by ./http).

/** Why a copy was set aside at the identification desk: nobody wrote on it, or its student was absent. */
export const BlankReason = z.enum(['blank', 'absent']);
export type BlankReason = z.infer<typeof BlankReason>;

/** A roster student of one of the exam's classes. */
export const RosterStudentView = z.object({
  studentId: Id,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDate.nullable(),
  className: z.string(),
  group: z.string().nullable(),
  /** The copy of this exam identified to the student, if any. */
  copyId: Id.nullable(),
});
export type RosterStudentView = z.infer<typeof RosterStudentView>;

export const RosterList = z.object({ items: z.array(RosterStudentView), total: z.number().int().min(0) });
export type RosterList = z.infer<typeof RosterList>;

/** GET /exams/:id/roster: `search` matches names ignoring case, accents, hyphens and apostrophes. */
export const RosterQuery = Pagination.extend({ search: z.string().trim().max(100).optional() });
export type RosterQuery = z.infer<typeof RosterQuery>;

/** One of OCR's ranked candidates, with the roster's names (null when the student left the roster). */
export const DeskCandidate = Candidate.extend({
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  birthDate: IsoDate.nullable(),
  className: z.string().nullable(),
  /** Another copy of this exam already identified to this student. */
  takenByCopyId: Id.nullable(),
});
export type DeskCandidate = z.infer<typeof DeskCandidate>;

/** What OCR made of the copy's header (the latest reading). */
export const DeskReading = z.object({
  readingId: Id,
  method: z.enum(['ocr', 'qr']),
  decision: OcrDecision,
  fields: HeaderFields.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
});
export type DeskReading = z.infer<typeof DeskReading>;

export const DeskCopy = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  status: CopyStatus,
  /** The copy's version (If-Match of the desk's commands, optional). */
  version: z.number().int().min(1),
  /** A short-lived signed link to the header crop; null when ingestion cropped none. */
  headerUrl: z.string().nullable(),
  reading: DeskReading.nullable(),
  /** Best first. */
  candidates: z.array(DeskCandidate),
});
export type DeskCopy = z.infer<typeof DeskCopy>;

/** GET /exams/:id/identification: copies still to identify, best candidate score first. */
export const IdentificationDesk = z.object({
  examId: Id,
  items: z.array(DeskCopy),
  total: z.number().int().min(0),
  /** Lifetime of each `headerUrl`. */
  headerUrlExpiresInSeconds: z.number().int().min(1),
});
export type IdentificationDesk = z.infer<typeof IdentificationDesk>;

/** POST /copies/:id/identify: confirm a candidate or pick any student of the exam's classes. */
export const IdentifyRequest = z.object({ studentId: Id });
export type IdentifyRequest = z.infer<typeof IdentifyRequest>;

/** POST /copies/:id/mark-blank. */
export const MarkBlankRequest = z.object({ reason: BlankReason });
export type MarkBlankRequest = z.infer<typeof MarkBlankRequest>;

/** POST /exams/:id/identification/accept: accept every suggestion whose best score is at least this. */
export const AcceptSuggestionsRequest = z.object({ minScore: z.number().min(0).max(1) });
export type AcceptSuggestionsRequest = z.infer<typeof AcceptSuggestionsRequest>;

export const SkippedSuggestionReason = z.enum(['student_taken', 'student_not_in_exam', 'student_refused']);
export type SkippedSuggestionReason = z.infer<typeof SkippedSuggestionReason>;

export const AcceptSuggestionsResult = z.object({
  examId: Id,
  accepted: z.array(z.object({ copyId: Id, studentId: Id, score: z.number().min(0).max(1) })),
  /** Suggestions above the score that were not accepted, and why. */
  skipped: z.array(z.object({ copyId: Id, studentId: Id, reason: SkippedSuggestionReason })),
});
export type AcceptSuggestionsResult = z.infer<typeof AcceptSuggestionsResult>;
