import { z } from 'zod';
import { CopyStatus, Id, IsoDateTime } from '../values';

// Results release (re-exported by ./http).

/** Why a copy of the exam was not released: not (yet) graded, graded but nobody's, or set aside as blank. */
export const LeftOutReason = z.enum(['not_graded', 'not_identified', 'blank']);
export type LeftOutReason = z.infer<typeof LeftOutReason>;

/** POST /exams/:id/release: what this call released, and what it left out. */
export const ReleaseResult = z.object({
  examId: Id,
  /** Copies released by this call (the event lists the same ones); empty when there was nothing new. */
  releasedCopyIds: z.array(Id),
  releasedAt: IsoDateTime.nullable(),
  /** Copies released by an earlier call. */
  alreadyReleased: z.number().int().min(0),
  leftOut: z.array(z.object({ copyId: Id, anonymousCode: z.string(), status: CopyStatus, reason: LeftOutReason })),
});
export type ReleaseResult = z.infer<typeof ReleaseResult>;

/** POST /exams/:id/unrelease: the copies whose results were withdrawn (back to GRADED). */
export const WithdrawResult = z.object({ examId: Id, withdrawnCopyIds: z.array(Id) });
export type WithdrawResult = z.infer<typeof WithdrawResult>;
