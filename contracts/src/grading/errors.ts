import { z } from 'zod';

/** Error codes of the grading service; add one here when a new expected failure appears. */
export const GradingErrorCode = z.enum([
  'grading_incomplete',
  'copy_finalized',
  'copy_taken_over',
]);
export type GradingErrorCode = z.infer<typeof GradingErrorCode>;

export const gradingErrorStatus: Record<GradingErrorCode, number> = {
  grading_incomplete: 409,
  copy_finalized: 409,
  copy_taken_over: 409,
};
