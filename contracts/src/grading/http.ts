import { z } from 'zod';
import { Points } from '../points';
import { CopyStatus, Id, IsoDateTime, Pagination } from '../values';
import { Annotation, AnnotationKind, NodeScore, Point2D } from './events';

// Request and response bodies of the grading service's routes (services/grading/README.md).
// Versions: the document's `version` covers scores, remarks, the global comment and the state; each
// annotation and each draft has its own. Reads send it as `ETag`, writes echo it in `If-Match`.

// Responses are encoded by the server's serializer, which cannot run `Points`' input transform
// backwards: response schemas carry points as the canonical decimal string instead (same type).
const DecimalString = z.string().regex(/^-?\d{1,6}(\.\d{1,3})?$/, 'a decimal with at most 3 decimal places');

/** A node's score as responses carry it (the event's NodeScore, encodable). */
export const NodeScoreView = NodeScore.extend({ points: DecimalString.nullable() });
export type NodeScoreView = z.infer<typeof NodeScoreView>;

/** An annotation as responses carry it (the event's Annotation, encodable). */
export const AnnotationView = Annotation.extend({ pointsDelta: DecimalString.nullable() });
export type AnnotationView = z.infer<typeof AnnotationView>;

/** `open` while grading; `finalized` (immutable) from a finalise until an admin reopens it. */
export const GradingState = z.enum(['open', 'finalized']);
export type GradingState = z.infer<typeof GradingState>;

export const GradingWarningCode = z.enum(['full_marks_with_cross', 'zero_with_tick', 'scheme_changed']);
export type GradingWarningCode = z.infer<typeof GradingWarningCode>;

/** Something a corrector may want to check before (or after) finalising; never blocking. */
export const GradingWarning = z.object({ code: GradingWarningCode, nodeId: Id.nullable(), message: z.string() });
export type GradingWarning = z.infer<typeof GradingWarning>;

/** A scheme version changed or removed nodes this copy had scored or annotated: look again. */
export const SecondLook = z.object({ schemeVersion: z.number().int().min(1), nodeIds: z.array(Id), raisedAt: IsoDateTime });
export type SecondLook = z.infer<typeof SecondLook>;

/** What every view of a copy's grading starts with. No student identity: only the anonymous code. */
const CopyGradingHead = z.object({
  copyId: Id,
  examId: Id,
  anonymousCode: z.string().nullable(),
  /** The copy's status as the exam service last published it. */
  copyStatus: CopyStatus.nullable(),
  state: GradingState,
  version: z.number().int().min(1),
  /** How many times the copy was finalised (the `version` of the last grading.copy.finalized.v1). */
  finalizedVersion: z.number().int().min(0),
  correctorId: Id.nullable(),
  takenOverBy: Id.nullable(),
});

/** The corrector's document of one copy. */
export const GradingDocument = CopyGradingHead.extend({
  /** The scheme version scores are checked against (the latest while open, the finalised one after). */
  schemeVersion: z.number().int().min(1).nullable(),
  pageCount: z.number().int().min(0),
  scores: z.array(NodeScoreView),
  globalComment: z.string().nullable(),
  annotations: z.array(AnnotationView),
  total: DecimalString,
  maxTotal: DecimalString.nullable(),
  /** Scheme leaves without a score (finalise refuses while any is left). */
  missing: z.array(Id),
  warnings: z.array(GradingWarning),
  secondLook: z.array(SecondLook),
  updatedAt: IsoDateTime,
});
export type GradingDocument = z.infer<typeof GradingDocument>;

const Remark = z.string().max(5000).nullable();

/** `PUT /copies/:id/grading/scores/:nodeId`. `notAnswered` scores 0; an omitted remark is kept. */
export const ScoreInput = z.object({
  points: Points.nullable(),
  notAnswered: z.boolean().default(false),
  remark: Remark.optional(),
});
export type ScoreInput = z.infer<typeof ScoreInput>;

/** One entry of `PATCH /copies/:id/grading/scores`: omitted fields are kept as they are. */
export const ScoreChange = z.object({
  nodeId: Id,
  points: Points.nullable().optional(),
  notAnswered: z.boolean().optional(),
  remark: Remark.optional(),
});
export type ScoreChange = z.infer<typeof ScoreChange>;

export const ScoresPatch = z.object({ scores: z.array(ScoreChange).min(1).max(200) });
export type ScoresPatch = z.infer<typeof ScoresPatch>;

export const GlobalCommentInput = z.object({ comment: z.string().max(10000).nullable() });
export type GlobalCommentInput = z.infer<typeof GlobalCommentInput>;

/** What a score or comment write answers: the new document version and what it now holds. */
export const GradingUpdate = z.object({
  copyId: Id,
  version: z.number().int().min(1),
  scores: z.array(NodeScoreView),
  globalComment: z.string().nullable(),
});
export type GradingUpdate = z.infer<typeof GradingUpdate>;

const Coordinate = z.number().min(0).max(1);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/**
 * `POST /copies/:id/annotations`. Coordinates are normalised to the page (0..1) and must lie
 * inside it (x + width ≤ 1, y + height ≤ 1); `page` is the 0-based index of the page in the copy.
 */
export const AnnotationInput = z.object({
  /** Chosen by the client (optional): a retried POST with the same id creates nothing twice. */
  id: Id.optional(),
  kind: AnnotationKind,
  page: z.number().int().min(0),
  x: Coordinate,
  y: Coordinate,
  width: Coordinate.nullable().default(null),
  height: Coordinate.nullable().default(null),
  points: z.array(Point2D).max(10000).nullable().default(null),
  text: z.string().max(5000).nullable().default(null),
  nodeId: Id.nullable().default(null),
  pointsDelta: Points.nullable().default(null),
  color: Color.nullable().default(null),
});
export type AnnotationInput = z.infer<typeof AnnotationInput>;

/** `PATCH /copies/:id/annotations/:annotationId` (If-Match: the annotation's version); the kind stays. */
export const AnnotationPatch = z.object({
  page: z.number().int().min(0).optional(),
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  width: Coordinate.nullable().optional(),
  height: Coordinate.nullable().optional(),
  points: z.array(Point2D).max(10000).nullable().optional(),
  text: z.string().max(5000).nullable().optional(),
  nodeId: Id.nullable().optional(),
  pointsDelta: Points.nullable().optional(),
  color: Color.nullable().optional(),
});
export type AnnotationPatch = z.infer<typeof AnnotationPatch>;

/** Work in progress of one corrector on one copy; `version` 0 and no content when none was saved. */
export const GradingDraftContent = z.record(z.string(), z.unknown());
export type GradingDraftContent = z.infer<typeof GradingDraftContent>;

export const GradingDraft = z.object({
  copyId: Id,
  version: z.number().int().min(0),
  content: GradingDraftContent.nullable(),
  updatedAt: IsoDateTime.nullable(),
});
export type GradingDraft = z.infer<typeof GradingDraft>;

/** `PUT /copies/:id/draft` (If-Match: the draft version; `"0"` creates the first one). */
export const GradingDraftSave = z.object({ content: GradingDraftContent });
export type GradingDraftSave = z.infer<typeof GradingDraftSave>;

/** `POST /copies/:id/finalize` answers this; a retry with the same If-Match answers it again. */
export const FinalizeResult = z.object({
  copyId: Id,
  examId: Id,
  /** The `version` of grading.copy.finalized.v1: 1, then one more after each reopen. */
  version: z.number().int().min(1),
  documentVersion: z.number().int().min(1),
  schemeVersion: z.number().int().min(1),
  total: DecimalString,
  maxTotal: DecimalString,
  warnings: z.array(GradingWarning),
  finalizedAt: IsoDateTime,
});
export type FinalizeResult = z.infer<typeof FinalizeResult>;

export const ReopenRequest = z.object({ reason: z.string().trim().min(3).max(1000) });
export type ReopenRequest = z.infer<typeof ReopenRequest>;

export const ReopenResult = z.object({
  copyId: Id,
  documentVersion: z.number().int().min(1),
  /** The finalised version that was reopened; the next finalise publishes this + 1. */
  reopenedVersion: z.number().int().min(1),
});
export type ReopenResult = z.infer<typeof ReopenResult>;

export const TakeOverResult = z.object({ copyId: Id, takenOverBy: Id, previousWriterId: Id.nullable() });
export type TakeOverResult = z.infer<typeof TakeOverResult>;

/** `GET /copies/:id/pages/:n` (n from 1): a short-lived signed link to the page image. */
export const GradingPageLink = z.object({
  copyId: Id,
  page: z.number().int().min(1),
  url: z.string(),
  expiresAt: IsoDateTime,
  /** True for page 1, whose name header is painted over in the image itself. */
  masked: z.boolean(),
});
export type GradingPageLink = z.infer<typeof GradingPageLink>;

export const BankCommentScope = z.enum(['personal', 'exam']);
export type BankCommentScope = z.infer<typeof BankCommentScope>;

/** A reusable comment: a corrector's own (`personal`) or shared by everyone grading an exam (`exam`). */
export const BankComment = z.object({
  id: Id,
  scope: BankCommentScope,
  examId: Id.nullable(),
  nodeId: Id.nullable(),
  text: z.string(),
  usageCount: z.number().int().min(0),
  createdBy: Id,
  createdAt: IsoDateTime,
});
export type BankComment = z.infer<typeof BankComment>;

/** `POST /comment-bank`; a `nodeId` needs the `examId` whose scheme holds it. */
export const BankCommentInput = z.object({
  text: z.string().trim().min(1).max(2000),
  examId: Id.nullable().default(null),
  nodeId: Id.nullable().default(null),
});
export type BankCommentInput = z.infer<typeof BankCommentInput>;

/** `POST /exams/:id/comment-bank`. */
export const ExamBankCommentInput = BankCommentInput.omit({ examId: true });
export type ExamBankCommentInput = z.infer<typeof ExamBankCommentInput>;

/** Most used first; `nodeId` keeps the comments of that node, `q` searches the text. */
export const BankCommentQuery = Pagination.extend({
  nodeId: Id.optional(),
  examId: Id.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export type BankCommentQuery = z.infer<typeof BankCommentQuery>;

export const BankCommentPage = z.object({ items: z.array(BankComment), total: z.number().int().min(0) });
export type BankCommentPage = z.infer<typeof BankCommentPage>;

/** Scored leaves (a score or "not answered") out of the scheme's leaves. */
export const GradingProgress = z.object({ scored: z.number().int().min(0), leaves: z.number().int().min(0) });
export type GradingProgress = z.infer<typeof GradingProgress>;

export const GradingCopySummary = CopyGradingHead.extend({
  progress: GradingProgress,
  /** A scheme change touched this copy's scores and it has not been finalised since. */
  secondLook: z.boolean(),
});
export type GradingCopySummary = z.infer<typeof GradingCopySummary>;

export const GradingCopyQuery = Pagination.extend({ examId: Id.optional(), state: GradingState.optional() });
export type GradingCopyQuery = z.infer<typeof GradingCopyQuery>;

export const GradingCopyPage = z.object({ items: z.array(GradingCopySummary), total: z.number().int().min(0) });
export type GradingCopyPage = z.infer<typeof GradingCopyPage>;

export const SecondLookCopy = SecondLook.extend({ copyId: Id, anonymousCode: z.string().nullable(), state: GradingState });
export type SecondLookCopy = z.infer<typeof SecondLookCopy>;

/** `GET /exams/:id/grading` (leads and admins): progress per copy and what needs a second look. */
export const ExamGrading = z.object({
  examId: Id,
  schemeVersion: z.number().int().min(1).nullable(),
  counts: z.object({
    copies: z.number().int().min(0),
    started: z.number().int().min(0),
    finalized: z.number().int().min(0),
  }),
  copies: z.array(GradingCopySummary),
  secondLook: z.array(SecondLookCopy),
});
export type ExamGrading = z.infer<typeof ExamGrading>;
