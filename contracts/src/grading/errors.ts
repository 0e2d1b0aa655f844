import { z } from 'zod';

/** Error codes of the grading service; add one here when a new expected failure appears. */
export const GradingErrorCode = z.enum([
  'grading_incomplete',
  'copy_finalized',
]);
export type GradingErrorCode = z.infer<typeof GradingErrorCode>;

export const gradingErrorStatus: Record<GradingErrorCode, number> = {
  grading_incomplete: 409,
  copy_finalized: 409,
};
