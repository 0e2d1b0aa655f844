import { type AssemblyMethod, type CopyPage, type CopyStatus, type IdentificationMethod } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/**
 * One student's copy of an exam, as ingestion assembled it. Identification (studentId, method,
 * confidence) and assignment (correctorId, dispatchId) are filled by the identification desk and
 * dispatch; the status follows the table in copy-status.ts.
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
  correctorId: string | null = null;
  dispatchId: string | null = null;
  /** Optimistic lock; the ETag. */
  version = 1;
  registeredAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const copyEntity = new EntitySchema<Copy>({
  class: Copy,
  tableName: 'copy',
  uniques: [{ properties: ['tenantId', 'anonymousCode'] }],
  indexes: [{ properties: ['tenantId', 'examId', 'status'] }],
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
    correctorId: { type: 'uuid', nullable: true },
    dispatchId: { type: 'uuid', nullable: true },
    version: { type: 'integer', version: true },
    registeredAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});
