import { z } from 'zod';
import { Points, toMilli } from '../points';
import { CopyStatus, Id, IsoDate, IsoDateTime, NormalisedRect, Pagination } from '../values';
import { CopyPage, ExamStatus, IdentificationMethod, SchemeNode, SchemeStep } from './events';
import { BlankReason } from './http-identification';

// Request and response bodies of the exam service (routes without the /api/v1 prefix).

/** Pages a copy may have: covers double A3 booklets with room to spare. */
export const MAX_PAGES_PER_COPY = 40;
/** Nodes a marking scheme may have (exercises, questions and sub-questions together). */
export const MAX_SCHEME_NODES = 500;
/** Unnamed answer sheets one request may print. */
export const MAX_SHEET_COPIES = 500;

const unique = (values: readonly string[]) => new Set(values).size === values.length;

/**
 * Points in responses: the server's serializer encodes with the schema, and cannot run `Points`'
 * input transform backwards, so responses carry the plain decimal string.
 */
const DecimalText = z.string().regex(/^-?\d{1,6}(\.\d{1,3})?$/, 'a decimal with at most 3 decimal places');

/** `true` / `false` in a query string. */
const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

const ClassName = z.string().trim().min(1).max(50);
const StaffIds = z.array(Id).max(100).refine(unique, 'each person once');

const ExamFields = z.object({
  name: z.string().trim().min(1).max(200),
  subject: z.string().trim().min(1).max(100),
  date: IsoDate,
  classNames: z.array(ClassName).min(1).max(30).refine(unique, 'each class once'),
  pagesPerCopy: z.number().int().min(1).max(MAX_PAGES_PER_COPY),
  /** Where the name box is on page 1 (0..1 of the page); DEFAULT_HEADER_REGION when omitted. */
  headerRegion: NormalisedRect,
  /** Active teachers (or admins) of the school who grade the copies. */
  correctorIds: StaffIds,
  /** Teachers who manage the exam with its owner. Only the owner or an admin changes this list. */
  leadTeacherIds: StaffIds,
  /** Exports scale the total to this mark. */
  scaleTo: z.number().int().min(1).max(1000),
  /** Pronote coefficient, a positive decimal string. */
  coefficient: Points.refine((v) => toMilli(v) > 0, 'must be positive'),
});

export const CreateExamRequest = ExamFields.extend({
  headerRegion: ExamFields.shape.headerRegion.optional(),
  correctorIds: StaffIds.default([]),
  leadTeacherIds: StaffIds.default([]),
  scaleTo: ExamFields.shape.scaleTo.default(20),
  coefficient: ExamFields.shape.coefficient.default('1.0'),
});
export type CreateExamRequest = z.infer<typeof CreateExamRequest>;

/** PATCH /exams/:id (with If-Match): any subset of the fields. */
export const UpdateExamRequest = ExamFields.partial().refine((patch) => Object.keys(patch).length > 0, 'change at least one field');
export type UpdateExamRequest = z.infer<typeof UpdateExamRequest>;

export const ExamView = ExamFields.extend({
  id: Id,
  ownerId: Id,
  status: ExamStatus,
  coefficient: z.string(),
  /** The current marking scheme version; 0 while none is saved. */
  schemeVersion: z.number().int().min(0),
  /** True once grading has started on any copy: scheme edits then make versions graders must review. */
  scoresExist: z.boolean(),
  /** Answer-sheet slots printed so far (the next sheets start after them). */
  sheetSlotsIssued: z.number().int().min(0),
  /** Sent as the ETag; PATCH, DELETE and status changes compare If-Match with it. */
  version: z.number().int().min(1),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ExamView = z.infer<typeof ExamView>;

export const ExamList = z.object({ items: z.array(ExamView), total: z.number().int().min(0) });
export type ExamList = z.infer<typeof ExamList>;

export const ExamListQuery = Pagination.extend({
  status: ExamStatus.optional(),
  class: ClassName.optional(),
  /** Only exams the caller owns, leads or corrects (always so for teachers). */
  mine: QueryBoolean.optional(),
});
export type ExamListQuery = z.infer<typeof ExamListQuery>;

// ─── marking scheme ──────────────────────────────────────────────────────────────────────────

/**
 * One node of a scheme as a client sends it. `id`: keep it to keep the node's scores across
 * versions; give one to a new node that has children (they name it as parentId), or leave it out.
 * An inner node's `maxPoints` and `step` are computed from its children (checked when given).
 */
export const SchemeNodeInput = z.object({
  id: Id.optional(),
  parentId: Id.nullable().default(null),
  label: z.string().trim().min(1).max(200),
  maxPoints: Points.optional(),
  step: SchemeStep.optional(),
  /** Order among siblings; the list order when omitted. */
  position: z.number().int().min(0).max(10_000).optional(),
});
export type SchemeNodeInput = z.infer<typeof SchemeNodeInput>;

/** PUT /exams/:id/scheme (with If-Match): the whole tree. */
export const PutSchemeRequest = z.object({ nodes: z.array(SchemeNodeInput).max(MAX_SCHEME_NODES) });
export type PutSchemeRequest = z.infer<typeof PutSchemeRequest>;

export const SchemeView = z.object({
  examId: Id,
  /** 0 before the first save (no nodes); sent as the ETag. */
  version: z.number().int().min(0),
  /** Depth first, siblings by position. */
  nodes: z.array(SchemeNode.extend({ maxPoints: DecimalText })),
  total: DecimalText,
  /** Saved after grading had started: graders review `changedNodeIds` and `removedNodeIds`. */
  frozen: z.boolean(),
  changedNodeIds: z.array(Id),
  removedNodeIds: z.array(Id),
  createdAt: IsoDateTime.nullable(),
});
export type SchemeView = z.infer<typeof SchemeView>;

export const SchemeQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
export type SchemeQuery = z.infer<typeof SchemeQuery>;

export const SchemeVersionSummary = SchemeView.omit({ examId: true, nodes: true }).extend({
  nodeCount: z.number().int().min(0),
  createdBy: Id.nullable(),
});
export type SchemeVersionSummary = z.infer<typeof SchemeVersionSummary>;

export const SchemeVersionList = z.object({ items: z.array(SchemeVersionSummary) });
export type SchemeVersionList = z.infer<typeof SchemeVersionList>;

// ─── copies ──────────────────────────────────────────────────────────────────────────────────

/** A page of a copy as clients see it (storage keys stay inside the platform). */
export const CopyPageView = CopyPage.omit({ objectKey: true });
export type CopyPageView = z.infer<typeof CopyPageView>;

/** What grading last finalised for a copy. */
export const CopyResult = z.object({
  /** grading's version: 1 for the first finalise, + 1 after each reopening. */
  version: z.number().int().min(1),
  total: DecimalText,
  maxTotal: DecimalText,
  finalizedAt: IsoDateTime,
});
export type CopyResult = z.infer<typeof CopyResult>;

export const CopyView = z.object({
  id: Id,
  examId: Id,
  batchId: Id,
  /** Random, with a check character; what correctors see instead of a name. */
  anonymousCode: z.string(),
  status: CopyStatus,
  /** Why the copy reached its status (quarantine reason, reopening reason), if anyone said. */
  statusReason: z.string().nullable(),
  /** Ingestion's revision of the pages. */
  revision: z.number().int().min(1),
  complete: z.boolean(),
  missingPages: z.array(z.number().int().min(1)),
  pages: z.array(CopyPageView),
  /** From a coded sheet's QR code: the printed slot and, on prenamed sheets, the student. */
  sheetSlot: z.number().int().min(1).nullable(),
  sheetStudentId: Id.nullable(),
  studentId: Id.nullable(),
  identificationMethod: IdentificationMethod.nullable(),
  identificationConfidence: z.number().min(0).max(1).nullable(),
  /** Set aside at the identification desk as a blank sheet or an absent student's sheet (then QUARANTINE). */
  blankReason: BlankReason.nullable(),
  correctorId: Id.nullable(),
  /** The dispatch run (or rebalance) that gave the copy its corrector; null when assigned by hand. */
  dispatchId: Id.nullable(),
  /** True from grading's first write on: dispatch and rebalance never move it again. */
  gradingStarted: z.boolean(),
  /** The latest finalised grading (grading.copy.finalized.v1). */
  result: CopyResult.nullable(),
  releasedAt: IsoDateTime.nullable(),
  /** Sent as the ETag. */
  version: z.number().int().min(1),
  registeredAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type CopyView = z.infer<typeof CopyView>;

/**
 * A copy as its corrector sees it: the anonymous code and pages, never the student (no
 * identification fields, no prenamed-sheet student).
 */
export const AssignedCopyView = z.object({
  id: Id,
  examId: Id,
  examName: z.string(),
  anonymousCode: z.string(),
  status: CopyStatus,
  pages: z.array(CopyPageView),
  assignedAt: IsoDateTime.nullable(),
  gradingStarted: z.boolean(),
  version: z.number().int().min(1),
  updatedAt: IsoDateTime,
});
export type AssignedCopyView = z.infer<typeof AssignedCopyView>;

/** GET /exams/:id/copies: whole copies for the exam's managers, `AssignedCopyView`s for a corrector. */
export const CopyList = z.object({ items: z.array(z.union([CopyView, AssignedCopyView])), total: z.number().int().min(0) });
export type CopyList = z.infer<typeof CopyList>;

/** GET /copies/assigned: the caller's copies across exams. */
export const AssignedCopyList = z.object({ items: z.array(AssignedCopyView), total: z.number().int().min(0) });
export type AssignedCopyList = z.infer<typeof AssignedCopyList>;

export const AssignedCopyQuery = Pagination.extend({ status: CopyStatus.optional(), examId: Id.optional() });
export type AssignedCopyQuery = z.infer<typeof AssignedCopyQuery>;

export const CopyListQuery = Pagination.extend({ status: CopyStatus.optional() });
export type CopyListQuery = z.infer<typeof CopyListQuery>;

/** POST /copies/:id/quarantine and /unquarantine: a person sets a copy aside or takes it back. */
export const CopyStatusRequest = z.object({ reason: z.string().trim().min(1).max(500) });
export type CopyStatusRequest = z.infer<typeof CopyStatusRequest>;

// ─── answer sheets ───────────────────────────────────────────────────────────────────────────

/** GET /exams/:id/sheets.pdf: `copies=N` unnamed sheets, or `prenamed=true` (one per roster student). */
export const SheetsQuery = z.object({
  copies: z.coerce.number().int().min(1).max(MAX_SHEET_COPIES).optional(),
  prenamed: QueryBoolean.optional(),
});
export type SheetsQuery = z.infer<typeof SheetsQuery>;

// ─── identification desk, dispatch, results release ─────────────────────────────────────────
export * from './http-identification';
export * from './http-dispatch';
export * from './http-results';
