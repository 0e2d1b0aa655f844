import { type AssemblyMethod, type AssemblyStatus } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** A student's copy as assembled from page images (the exam service registers it from our event). */
export class Copy {
  id!: string;
  tenantId!: string;
  examId!: string;
  batchId!: string;
  /** Sheet-code slot, or position in the stack; null for copies made in review. */
  ordinal: number | null = null;
  assembly!: AssemblyMethod;
  status!: AssemblyStatus;
  missingPages: number[] = [];
  sheetStudentId: string | null = null;
  headerCropKey: string | null = null;
  /** The page the stored header crop was cut from (re-cut when page 1 changes). */
  headerPageId: string | null = null;
  /** Revision of the copy's content; `publishedRevision` catches up when its event is written. */
  revision = 1;
  publishedRevision = 0;
  /** Optimistic version for people's edits (If-Match). */
  version = 1;
  acceptedReason: string | null = null;
  createdAt: Date = new Date();
}

export const copyEntity = new EntitySchema<Copy>({
  class: Copy,
  tableName: 'copy',
  indexes: [{ properties: ['batchId'] }, { properties: ['tenantId', 'examId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    batchId: { type: 'uuid' },
    ordinal: { type: 'integer', nullable: true },
    assembly: { type: 'text' },
    status: { type: 'text' },
    missingPages: { type: 'json' },
    sheetStudentId: { type: 'uuid', nullable: true },
    headerCropKey: { type: 'text', nullable: true },
    headerPageId: { type: 'uuid', nullable: true },
    revision: { type: 'integer', default: 1 },
    publishedRevision: { type: 'integer', default: 0 },
    version: { type: 'integer', default: 1 },
    acceptedReason: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
