import { type Candidate, type HeaderFields, type OcrDecision } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';
import { type MatchReason } from '../matching/decision';

/** What was read on a copy's header, its candidates with scores, and the decision. */
export class Reading {
  id!: string;
  tenantId!: string;
  copyId!: string;
  examId!: string;
  /** The assembled revision read; a higher one is read again. */
  revision!: number;
  method!: 'ocr' | 'qr';
  headerCropKey: string | null = null;
  /** The student a prenamed QR sheet names. */
  sheetStudentId: string | null = null;
  /** The OCR text (personal data: never logged, never in an event). */
  text: string | null = null;
  ocrConfidence: number | null = null;
  fields: HeaderFields | null = null;
  decision: OcrDecision = 'MANUAL';
  reason: MatchReason = 'nothing_read';
  studentId: string | null = null;
  confidence: number | null = null;
  candidates: Candidate[] = [];
  /** Students a person refused for this copy by undoing its automatic identification. */
  rejectedStudentIds: string[] = [];
  /** Digest of the decision and candidates last published: unchanged ones are not republished. */
  publishedDigest: string | null = null;
  version = 1;
  readAt!: Date;
  matchedAt!: Date;
}

export const readingEntity = new EntitySchema<Reading>({
  class: Reading,
  tableName: 'reading',
  indexes: [{ properties: ['tenantId', 'examId'] }],
  uniques: [{ properties: ['copyId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    copyId: { type: 'uuid' },
    examId: { type: 'uuid' },
    revision: { type: 'integer' },
    method: { type: 'text' },
    headerCropKey: { type: 'text', nullable: true },
    sheetStudentId: { type: 'uuid', nullable: true },
    text: { type: 'text', nullable: true },
    ocrConfidence: { type: 'double', nullable: true },
    fields: { type: 'json', nullable: true },
    decision: { type: 'text' },
    reason: { type: 'text' },
    studentId: { type: 'uuid', nullable: true },
    confidence: { type: 'double', nullable: true },
    candidates: { type: 'json' },
    rejectedStudentIds: { type: 'json' },
    publishedDigest: { type: 'text', nullable: true },
    version: { type: 'integer' },
    readAt: { type: 'datetime' },
    matchedAt: { type: 'datetime' },
  },
});
