import { z } from 'zod';

/** Error codes of the ocr service; add one here when a new expected failure appears. */
export const OcrErrorCode = z.enum([
  'ocr_engine_failed',
]);
export type OcrErrorCode = z.infer<typeof OcrErrorCode>;

export const ocrErrorStatus: Record<OcrErrorCode, number> = {
  ocr_engine_failed: 500,
};
