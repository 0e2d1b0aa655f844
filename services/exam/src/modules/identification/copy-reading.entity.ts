import { type Candidate, type HeaderFields, type OcrDecision } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/**
 * OCR's latest reading of a copy's header (ocr.copy.read.v1): its decision and ranked candidates,
 * what the identification desk shows. One per copy; a later reading replaces it until a person
 * decides the copy.
 */
export class CopyReading {
  copyId!: string;
  tenantId!: string;
  examId!: string;
  readingId!: string;
  method!: 'ocr' | 'qr';
  decision!: OcrDecision;
  /** The student OCR chose (AUTO only). */
  studentId: string | null = null;
  confidence: number | null = null;
  fields: HeaderFields | null = null;
  /** Best first. */
  candidates: Candidate[] = [];
  /** The best candidate's score (the desk's order); null without candidates. */
  bestScore: number | null = null;
  /** Students a person unlinked from this copy: never chosen for it again automatically. */
  refusedStudentIds: string[] = [];
  /** occurredAt of the reading event: an older reading never replaces a newer one. */
  readAt!: Date;
}

export const copyReadingEntity = new EntitySchema<CopyReading>({
  class: CopyReading,
  tableName: 'copy_reading',
  indexes: [{ properties: ['tenantId', 'examId'] }],
  properties: {
    copyId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    readingId: { type: 'uuid' },
    method: { type: 'text' },
    decision: { type: 'text' },
    studentId: { type: 'uuid', nullable: true },
    confidence: { type: 'double', nullable: true },
    fields: { type: 'json', nullable: true },
    candidates: { type: 'json' },
    bestScore: { type: 'double', nullable: true },
    refusedStudentIds: { type: 'json' },
    readAt: { type: 'datetime' },
  },
});
