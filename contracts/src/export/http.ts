import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from '../values';
import { ExportKind } from './events';

/** A decimal in a response ("15.5"): Points without its input transform, so responses can be encoded. */
const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

/**
 * Whose identity a rendered copy shows: `named` (the student, when known; the anonymous code
 * otherwise) or `anonymous` (always the anonymous code, and files named by it).
 */
export const ExportPurpose = z.enum(['named', 'anonymous']);
export type ExportPurpose = z.infer<typeof ExportPurpose>;

export const CreateExportRequest = z.object({ kind: ExportKind, purpose: ExportPurpose.default('named') });
export type CreateExportRequest = z.infer<typeof CreateExportRequest>;

/** Why an export cannot run (blocking) or what it leaves out (warning). */
export const ExportProblemCode = z.enum([
  'nothing_graded',
  'copies_not_identified',
  'student_unknown',
  'no_scheme',
  'no_copies',
  'ungraded_copies_left_out',
  'outdated_results_left_out',
]);
export type ExportProblemCode = z.infer<typeof ExportProblemCode>;

export const ExportProblem = z.object({
  code: ExportProblemCode,
  message: z.string(),
  /** The copies concerned (ids only). */
  copyIds: z.array(Id),
});
export type ExportProblem = z.infer<typeof ExportProblem>;

export const ExportAccepted = z.object({ exportId: Id, warnings: z.array(ExportProblem) });
export type ExportAccepted = z.infer<typeof ExportAccepted>;

export const ExportStatus = z.enum(['queued', 'running', 'done', 'failed', 'expired']);
export type ExportStatus = z.infer<typeof ExportStatus>;

export const ExportView = z.object({
  id: Id,
  examId: Id,
  kind: ExportKind,
  purpose: ExportPurpose,
  status: ExportStatus,
  /** Items done out of the total (copies for a ZIP, rows for a CSV). */
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
  warnings: z.array(ExportProblem),
  errorCode: z.string().nullable(),
  fileName: z.string().nullable(),
  size: z.number().int().min(0).nullable(),
  createdAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime.nullable(),
  /** Present once done: `GET` it (with the access token) to stream the artefact. */
  downloadPath: z.string().nullable(),
});
export type ExportView = z.infer<typeof ExportView>;

export const ExportList = z.object({ items: z.array(ExportView) });
export type ExportList = z.infer<typeof ExportList>;

const Summary = z.object({
  count: z.number().int().min(0),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  standardDeviation: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

export const HistogramBin = z.object({ from: z.number(), to: z.number(), count: z.number().int().min(0) });
export type HistogramBin = z.infer<typeof HistogramBin>;

export const NodeStats = z.object({
  nodeId: Id,
  label: z.string(),
  maxPoints: Decimal,
  /** Mean points over graded copies. */
  mean: z.number().nullable(),
  /** Mean share of the maximum obtained, 0..1. */
  successRate: z.number().nullable(),
});
export type NodeStats = z.infer<typeof NodeStats>;

export const CorrectorStats = z.object({
  correctorId: Id,
  assigned: z.number().int().min(0),
  graded: z.number().int().min(0),
  /** graded / assigned, 0..1 (1 when nothing is assigned but some were graded). */
  progress: z.number(),
  mean: z.number().nullable(),
  /** Standard deviation of this corrector's scaled marks. */
  spread: z.number().nullable(),
});
export type CorrectorStats = z.infer<typeof CorrectorStats>;

/** Statistics of an exam; marks are scaled to `scaleTo`. */
export const ExamStats = z.object({
  examId: Id,
  scaleTo: z.number().int(),
  copies: z.number().int().min(0),
  graded: z.number().int().min(0),
  marks: Summary,
  histogram: z.array(HistogramBin),
  nodes: z.array(NodeStats),
  /** Admins and the exam's lead teachers only; null for others. */
  correctors: z.array(CorrectorStats).nullable(),
});
export type ExamStats = z.infer<typeof ExamStats>;

export const NodeResult = z.object({
  nodeId: Id,
  parentId: Id.nullable(),
  label: z.string(),
  maxPoints: Decimal,
  points: Decimal.nullable(),
  notAnswered: z.boolean(),
  remark: z.string().nullable(),
});
export type NodeResult = z.infer<typeof NodeResult>;

/** A student's own released copy. */
export const MyResult = z.object({
  copyId: Id,
  examId: Id,
  examName: z.string(),
  subject: z.string(),
  date: IsoDate,
  total: Decimal,
  maxTotal: Decimal,
  scaledMark: z.string(),
  scaleTo: z.number().int(),
  globalComment: z.string().nullable(),
  nodes: z.array(NodeResult),
  releasedAt: IsoDateTime,
  pdfPath: z.string(),
});
export type MyResult = z.infer<typeof MyResult>;

export const MyResultList = z.object({ items: z.array(MyResult) });
export type MyResultList = z.infer<typeof MyResultList>;

export const Charter = z.object({ version: z.number().int().min(1), text: z.string(), updatedAt: IsoDateTime });
export type Charter = z.infer<typeof Charter>;

export const PutCharterRequest = z.object({ text: z.string().trim().min(1).max(50_000) });
export type PutCharterRequest = z.infer<typeof PutCharterRequest>;

/** What a student sees: the charter to accept (null when the school has none) and whether they did. */
export const MyCharter = z.object({
  charter: Charter.nullable(),
  accepted: z.boolean(),
  acceptedVersion: z.number().int().nullable(),
  acceptedAt: IsoDateTime.nullable(),
});
export type MyCharter = z.infer<typeof MyCharter>;

export const AcceptCharterRequest = z.object({ version: z.number().int().min(1) });
export type AcceptCharterRequest = z.infer<typeof AcceptCharterRequest>;

/** How long a school keeps copies, marks and PDFs after the exam date (null: keep). */
export const RetentionSettings = z.object({ months: z.number().int().min(1).max(240).nullable() });
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const RetentionView = RetentionSettings.extend({ version: z.number().int().min(0) });
export type RetentionView = z.infer<typeof RetentionView>;

export const RetentionRun = z.object({ examIds: z.array(Id), copies: z.number().int(), objects: z.number().int() });
export type RetentionRun = z.infer<typeof RetentionRun>;

/** What admins read and edit: the current charter (null before the first), its version as the ETag. */
export const CharterState = z.object({ charter: Charter.nullable() });
export type CharterState = z.infer<typeof CharterState>;
