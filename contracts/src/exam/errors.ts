import { z } from 'zod';

/** Error codes of the exam service; add one here when a new expected failure appears. */
export const ExamErrorCode = z.enum([
  'exam_not_open',
  'scheme_invalid',
  'no_correctors',
  'copy_not_identifiable',
  'scheme_required',
  'student_already_identified',
]);
export type ExamErrorCode = z.infer<typeof ExamErrorCode>;

export const examErrorStatus: Record<ExamErrorCode, number> = {
  exam_not_open: 409,
  scheme_invalid: 422,
  no_correctors: 409,
  copy_not_identifiable: 409,
  scheme_required: 409,
  student_already_identified: 409,
};
