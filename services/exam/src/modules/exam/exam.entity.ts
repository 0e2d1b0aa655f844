import { type ExamStatus, type NormalisedRect } from '@gradeline/contracts';
import { ArrayType, EntitySchema } from '@mikro-orm/core';

export class Exam {
  id!: string;
  tenantId!: string;
  name!: string;
  subject!: string;
  /** YYYY-MM-DD */
  date!: string;
  classNames: string[] = [];
  pagesPerCopy!: number;
  headerRegion!: NormalisedRect;
  ownerId!: string;
  correctorIds: string[] = [];
  leadTeacherIds: string[] = [];
  status: ExamStatus = 'draft';
  scaleTo = 20;
  coefficient = '1.0';
  /** The current scheme version (0: none yet). Moved by a guarded update, not by the exam's ETag. */
  schemeVersion = 0;
  /** When grading first started on a copy of this exam: from then on scheme versions are frozen. */
  scoresSince: Date | null = null;
  /** Answer-sheet slots printed so far; each print takes the next ones, so slots never repeat. */
  sheetSlotsIssued = 0;
  /** Optimistic lock of what people edit (fields, status); the ETag. */
  version = 1;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const examEntity = new EntitySchema<Exam>({
  class: Exam,
  tableName: 'exam',
  indexes: [{ properties: ['tenantId', 'status'] }, { properties: ['tenantId', 'date'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    name: { type: 'text' },
    subject: { type: 'text' },
    date: { type: 'date' },
    classNames: { type: ArrayType, columnType: 'text[]' },
    pagesPerCopy: { type: 'integer' },
    headerRegion: { type: 'json' },
    ownerId: { type: 'uuid' },
    correctorIds: { type: ArrayType, columnType: 'uuid[]' },
    leadTeacherIds: { type: ArrayType, columnType: 'uuid[]' },
    status: { type: 'text' },
    scaleTo: { type: 'integer' },
    coefficient: { type: 'text' },
    schemeVersion: { type: 'integer', default: 0 },
    scoresSince: { type: 'datetime', nullable: true },
    sheetSlotsIssued: { type: 'integer', default: 0 },
    version: { type: 'integer', version: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});
