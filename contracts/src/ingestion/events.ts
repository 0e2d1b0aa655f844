import { z } from 'zod';
import { CopyPage } from '../exam/events';
import { Id } from '../values';

export const BatchReceivedV1 = z.object({
  batchId: Id,
  examId: Id,
  fileName: z.string(),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BatchReceivedV1 = z.infer<typeof BatchReceivedV1>;

export const BatchProgressedV1 = z.object({
  batchId: Id,
  examId: Id,
  pagesTotal: z.number().int().min(0),
  pagesDone: z.number().int().min(0),
});
export type BatchProgressedV1 = z.infer<typeof BatchProgressedV1>;

export const BatchCompletedV1 = z.object({
  batchId: Id,
  examId: Id,
  pages: z.number().int().min(0),
  copies: z.number().int().min(0),
  reviewItems: z.number().int().min(0),
});
export type BatchCompletedV1 = z.infer<typeof BatchCompletedV1>;

export const BatchFailedV1 = z.object({ batchId: Id, examId: Id, code: z.string(), message: z.string() });
export type BatchFailedV1 = z.infer<typeof BatchFailedV1>;

export const AssemblyMethod = z.enum(['qr', 'page_count', 'review']);
export type AssemblyMethod = z.infer<typeof AssemblyMethod>;

/** What a QR-coded answer sheet said about its copy. */
export const SheetCode = z.object({
  slot: z.number().int().min(1),
  /** Prenamed sheets carry the student they were printed for. */
  studentId: Id.nullable(),
});
export type SheetCode = z.infer<typeof SheetCode>;

export const CopyAssembledV1 = z.object({
  copyId: Id,
  examId: Id,
  batchId: Id,
  /** Grows each time review changes the copy's pages; consumers keep the highest. */
  revision: z.number().int().min(1),
  pages: z.array(CopyPage),
  headerCropKey: z.string().nullable(),
  assembly: AssemblyMethod,
  complete: z.boolean(),
  missingPages: z.array(z.number().int().min(1)),
  sheet: SheetCode.nullable(),
});
export type CopyAssembledV1 = z.infer<typeof CopyAssembledV1>;

export const ingestionEvents = {
  'ingestion.batch.received.v1': BatchReceivedV1,
  'ingestion.batch.progressed.v1': BatchProgressedV1,
  'ingestion.batch.completed.v1': BatchCompletedV1,
  'ingestion.batch.failed.v1': BatchFailedV1,
  'ingestion.copy.assembled.v1': CopyAssembledV1,
} as const;
