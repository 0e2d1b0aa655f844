import { z } from 'zod';
import { Points } from '../points';
import { CopyStatus, Id, IsoDate, IsoDateTime, NormalisedRect } from '../values';

export const ExamStatus = z.enum(['draft', 'open', 'grading', 'closed']);
export type ExamStatus = z.infer<typeof ExamStatus>;

/** The exam as other services keep it in their read models. */
export const ExamCreatedV1 = z.object({
  examId: Id,
  name: z.string(),
  subject: z.string(),
  date: IsoDate,
  classNames: z.array(z.string()),
  pagesPerCopy: z.number().int().min(1),
  /** Where the name box is on the first page of a copy. */
  headerRegion: NormalisedRect,
  correctorIds: z.array(Id),
  leadTeacherIds: z.array(Id),
  /** The teacher (or admin) who created the exam and manages it with the leads. */
  ownerId: Id.optional(),
  status: ExamStatus,
  /** Exports scale the total to this mark (20 in French schools). */
  scaleTo: z.number().int().min(1),
  /** Coefficient written in the Pronote export, a decimal string ("1.0"). */
  coefficient: Points,
});
export type ExamCreatedV1 = z.infer<typeof ExamCreatedV1>;

export const ExamUpdatedV1 = ExamCreatedV1;
export type ExamUpdatedV1 = z.infer<typeof ExamUpdatedV1>;

/** A draft exam was deleted (only drafts can be: nothing was uploaded or graded for it). */
export const ExamDeletedV1 = z.object({ examId: Id });
export type ExamDeletedV1 = z.infer<typeof ExamDeletedV1>;

export const SchemeStep = z.enum(['1', '0.5', '0.25']);
export type SchemeStep = z.infer<typeof SchemeStep>;

/** One node of a marking scheme; ids are stable across versions. */
export const SchemeNode = z.object({
  id: Id,
  parentId: Id.nullable(),
  label: z.string(),
  maxPoints: Points,
  step: SchemeStep,
  position: z.number().int().min(0),
});
export type SchemeNode = z.infer<typeof SchemeNode>;

export const SchemePublishedV1 = z.object({
  examId: Id,
  version: z.number().int().min(1),
  nodes: z.array(SchemeNode),
  total: Points,
  /** Nodes whose label, maximum or step changed, or that were removed, since the previous version. */
  changedNodeIds: z.array(Id),
  removedNodeIds: z.array(Id),
});
export type SchemePublishedV1 = z.infer<typeof SchemePublishedV1>;

export const CopyPage = z.object({
  number: z.number().int().min(1),
  objectKey: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
export type CopyPage = z.infer<typeof CopyPage>;

export const CopyRegisteredV1 = z.object({
  copyId: Id,
  examId: Id,
  batchId: Id,
  anonymousCode: z.string(),
  status: CopyStatus,
  pages: z.array(CopyPage),
  headerCropKey: z.string().nullable(),
});
export type CopyRegisteredV1 = z.infer<typeof CopyRegisteredV1>;

export const CopyTransitionedV1 = z.object({
  copyId: Id,
  examId: Id,
  from: CopyStatus.nullable(),
  to: CopyStatus,
  reason: z.string().nullable(),
});
export type CopyTransitionedV1 = z.infer<typeof CopyTransitionedV1>;

export const IdentificationMethod = z.enum(['auto', 'manual', 'qr', 'bulk']);
export type IdentificationMethod = z.infer<typeof IdentificationMethod>;

export const CopyIdentifiedV1 = z.object({
  copyId: Id,
  examId: Id,
  studentId: Id,
  method: IdentificationMethod,
  confidence: z.number().min(0).max(1).nullable(),
});
export type CopyIdentifiedV1 = z.infer<typeof CopyIdentifiedV1>;

export const CopyUnidentifiedV1 = z.object({ copyId: Id, examId: Id, previousStudentId: Id });
export type CopyUnidentifiedV1 = z.infer<typeof CopyUnidentifiedV1>;

export const CopyReadyV1 = z.object({ copyId: Id, examId: Id, anonymousCode: z.string() });
export type CopyReadyV1 = z.infer<typeof CopyReadyV1>;

export const CopyDispatchedV1 = z.object({ copyId: Id, examId: Id, correctorId: Id, dispatchId: Id });
export type CopyDispatchedV1 = z.infer<typeof CopyDispatchedV1>;

export const CopyReassignedV1 = z.object({
  copyId: Id,
  examId: Id,
  fromCorrectorId: Id.nullable(),
  toCorrectorId: Id.nullable(),
  reason: z.string().nullable(),
});
export type CopyReassignedV1 = z.infer<typeof CopyReassignedV1>;

export const ResultsReleasedV1 = z.object({
  examId: Id,
  copyIds: z.array(Id),
  releasedAt: IsoDateTime,
});
export type ResultsReleasedV1 = z.infer<typeof ResultsReleasedV1>;

export const ResultsWithdrawnV1 = z.object({ examId: Id, copyIds: z.array(Id) });
export type ResultsWithdrawnV1 = z.infer<typeof ResultsWithdrawnV1>;

export const examEvents = {
  'exam.exam.created.v1': ExamCreatedV1,
  'exam.exam.updated.v1': ExamUpdatedV1,
  'exam.exam.deleted.v1': ExamDeletedV1,
  'exam.scheme.published.v1': SchemePublishedV1,
  'exam.copy.registered.v1': CopyRegisteredV1,
  'exam.copy.transitioned.v1': CopyTransitionedV1,
  'exam.copy.identified.v1': CopyIdentifiedV1,
  'exam.copy.unidentified.v1': CopyUnidentifiedV1,
  'exam.copy.ready.v1': CopyReadyV1,
  'exam.copy.dispatched.v1': CopyDispatchedV1,
  'exam.copy.reassigned.v1': CopyReassignedV1,
  'exam.results.released.v1': ResultsReleasedV1,
  'exam.results.withdrawn.v1': ResultsWithdrawnV1,
} as const;
