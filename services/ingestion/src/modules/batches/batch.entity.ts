import { type BatchStatus, type NormalisedRect } from '@gradeline/contracts';
import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * Whether the batch's sheets carry codes: learnt from its first pages, so a stack of plain paper
 * does not pay for a full-page QR search on every page.
 */
export type CodeMode = 'unknown' | 'present' | 'absent';

/** The first pages of a batch decide whether its sheets carry codes (see CodeMode). */
export const CODE_SAMPLE_PAGES = 3;

/** One uploaded PDF and where its processing stands. */
export class Batch {
  id!: string;
  tenantId!: string;
  examId!: string;
  status: BatchStatus = 'queued';
  fileName!: string;
  size!: number;
  sha256!: string;
  sourceKey!: string;
  /** Pages of the PDF. */
  pagesTotal!: number;
  pagesDone = 0;
  /** Last 5% step announced by `ingestion.batch.progressed.v1`. */
  progressStep = 0;
  /** The exam's layout when the batch was uploaded: a later edit does not reshuffle a batch mid-way. */
  pagesPerCopy!: number;
  headerRegion!: NormalisedRect;
  codeMode: CodeMode = 'unknown';
  /** Sampled first pages that had no code. */
  codeMisses = 0;
  /** Page images (an A3 sheet gives two). */
  images = 0;
  copies = 0;
  reviewItems = 0;
  uploadedBy!: string;
  /** The upload's request id: the batch's events carry it, so one trace spans upload to copies. */
  correlationId!: string;
  errorCode: string | null = null;
  createdAt: Date = new Date();
  completedAt: Date | null = null;
}

export const batchEntity = new EntitySchema<Batch>({
  class: Batch,
  tableName: 'batch',
  indexes: [{ properties: ['tenantId', 'examId', 'sha256'] }, { properties: ['tenantId', 'examId', 'createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    status: { type: 'text' },
    fileName: { type: 'text' },
    size: { type: new BigIntType('number') },
    sha256: { type: 'text' },
    sourceKey: { type: 'text' },
    pagesTotal: { type: 'integer' },
    pagesDone: { type: 'integer', default: 0 },
    progressStep: { type: 'integer', default: 0 },
    pagesPerCopy: { type: 'integer' },
    headerRegion: { type: 'json' },
    codeMode: { type: 'text', default: 'unknown' },
    codeMisses: { type: 'integer', default: 0 },
    images: { type: 'integer', default: 0 },
    copies: { type: 'integer', default: 0 },
    reviewItems: { type: 'integer', default: 0 },
    uploadedBy: { type: 'uuid' },
    correlationId: { type: 'text' },
    errorCode: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
    completedAt: { type: 'datetime', nullable: true },
  },
});
