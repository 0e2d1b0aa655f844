import { type AssemblyMethod, type BlankReason, type CopyPage, type CopyStatus, type IdentificationMethod } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/**
 * One student's copy of an exam, as ingestion assembled it. Identification (studentId, method,
 * confidence, or a blank mark) comes from OCR's readings and the identification desk, assignment
 * (correctorId, dispatchId) from dispatch, the grading fields from grading's events; the status
 * follows the table in copy-status.ts.
 */
export class Copy {
  id!: string;
  tenantId!: string;
  examId!: string;
  batchId!: string;
  anonymousCode!: string;
  status!: CopyStatus;
  statusReason: string | null = null;
  statusChangedAt: Date = new Date();
  /** Ingestion's revision of the pages; lower or equal revisions are ignored. */
  revision!: number;
  pages: CopyPage[] = [];
  headerCropKey: string | null = null;
  complete!: boolean;
  missingPages: number[] = [];
  assembly!: AssemblyMethod;
  sheetSlot: number | null = null;
  /** The student a prenamed sheet was printed for (its QR code says so). */
  sheetStudentId: string | null = null;
  studentId: string | null = null;
  identificationMethod: IdentificationMethod | null = null;
  identificationConfidence: number | null = null;
  /** Set aside at the desk as a blank sheet or an absent student's (the copy is then QUARANTINE). */
  blankReason: BlankReason | null = null;
  correctorId: string | null = null;
  /** The dispatch run (or rebalance) that assigned it; null when assigned by hand. */
  dispatchId: string | null = null;
  assignedAt: Date | null = null;
  /** grading.copy.started.v1: from then on the copy has grading work, and dispatch never moves it. */
  gradingStartedAt: Date | null = null;
  /** The newest finalised version seen (grading.copy.finalized.v1), 0 for none, with its result. */
  gradedVersion = 0;
  total: string | null = null;
  maxTotal: string | null = null;
  finalizedAt: Date | null = null;
  /** The newest reopened version seen (grading.copy.reopened.v1), 0 for none, with its reason. */
  reopenedVersion = 0;
  reopenReason: string | null = null;
  releasedAt: Date | null = null;
  /** Optimistic lock; the ETag. */
  version = 1;
  registeredAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const copyEntity = new EntitySchema<Copy>({
  class: Copy,
  tableName: 'copy',
  uniques: [
    { properties: ['tenantId', 'anonymousCode'] },
    // Two copies of one exam are never the same student's, whoever identifies them and however they race.
    {
      name: 'copy_exam_student_unique',
      expression: 'create unique index "copy_exam_student_unique" on "copy" ("tenant_id", "exam_id", "student_id") where "student_id" is not null',
    },
  ],
  indexes: [{ properties: ['tenantId', 'examId', 'status'] }, { properties: ['tenantId', 'correctorId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    batchId: { type: 'uuid' },
    anonymousCode: { type: 'text' },
    status: { type: 'text' },
    statusReason: { type: 'text', nullable: true },
    statusChangedAt: { type: 'datetime' },
    revision: { type: 'integer' },
    pages: { type: 'json' },
    headerCropKey: { type: 'text', nullable: true },
    complete: { type: 'boolean' },
    missingPages: { type: 'json' },
    assembly: { type: 'text' },
    sheetSlot: { type: 'integer', nullable: true },
    sheetStudentId: { type: 'uuid', nullable: true },
    studentId: { type: 'uuid', nullable: true },
    identificationMethod: { type: 'text', nullable: true },
    identificationConfidence: { type: 'double', nullable: true },
    blankReason: { type: 'text', nullable: true },
    correctorId: { type: 'uuid', nullable: true },
    dispatchId: { type: 'uuid', nullable: true },
    assignedAt: { type: 'datetime', nullable: true },
    gradingStartedAt: { type: 'datetime', nullable: true },
    gradedVersion: { type: 'integer', default: 0 },
    total: { type: 'text', nullable: true },
    maxTotal: { type: 'text', nullable: true },
    finalizedAt: { type: 'datetime', nullable: true },
    reopenedVersion: { type: 'integer', default: 0 },
    reopenReason: { type: 'text', nullable: true },
    releasedAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
    registeredAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});
