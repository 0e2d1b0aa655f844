import { z } from 'zod';

/** Error codes of the ingestion service; add one here when a new expected failure appears. */
export const IngestionErrorCode = z.enum([
  'upload_missing_file',
  'upload_not_pdf',
  'upload_corrupt',
  'upload_truncated',
  'upload_encrypted',
  'upload_empty',
  'upload_too_many_pages',
  'batch_not_reviewable',
  'copy_incomplete',
]);
export type IngestionErrorCode = z.infer<typeof IngestionErrorCode>;

export const ingestionErrorStatus: Record<IngestionErrorCode, number> = {
  upload_missing_file: 422,
  upload_not_pdf: 415,
  upload_corrupt: 422,
  upload_truncated: 422,
  upload_encrypted: 422,
  upload_empty: 422,
  upload_too_many_pages: 422,
  batch_not_reviewable: 409,
  /** Completing a copy with missing pages needs `acceptIncomplete` and a reason. */
  copy_incomplete: 409,
};
