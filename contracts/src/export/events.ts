import { z } from 'zod';
import { Id, IsoDateTime } from '../values';

export const CopyRenderedV1 = z.object({
  copyId: Id,
  examId: Id,
  /** The grading version this PDF shows. */
  version: z.number().int().min(1),
  objectKey: z.string(),
  pageCount: z.number().int().min(1),
  size: z.number().int().min(0),
});
export type CopyRenderedV1 = z.infer<typeof CopyRenderedV1>;

export const ExportKind = z.enum(['zip', 'results_csv', 'pronote_csv']);
export type ExportKind = z.infer<typeof ExportKind>;

export const ExportCompletedV1 = z.object({
  exportId: Id,
  examId: Id,
  kind: ExportKind,
  expiresAt: IsoDateTime,
});
export type ExportCompletedV1 = z.infer<typeof ExportCompletedV1>;

export const ExportFailedV1 = z.object({ exportId: Id, examId: Id, kind: ExportKind, code: z.string() });
export type ExportFailedV1 = z.infer<typeof ExportFailedV1>;

export const RetentionPurgedV1 = z.object({
  examIds: z.array(Id),
  copies: z.number().int().min(0),
  objects: z.number().int().min(0),
});
export type RetentionPurgedV1 = z.infer<typeof RetentionPurgedV1>;

export const exportEvents = {
  'export.copy.rendered.v1': CopyRenderedV1,
  'export.export.completed.v1': ExportCompletedV1,
  'export.export.failed.v1': ExportFailedV1,
  'export.retention.purged.v1': RetentionPurgedV1,
} as const;
