import { type CopyStatus } from '@gradeline/contracts';
import { AppError } from '@gradeline/kit';

/**
 * The copy status table (docs/events.md, "Copy statuses"), the one place that says which moves
 * are legal. Before grading starts a copy may still go back and forth between STAGING, READY and
 * QUARANTINE (pages or identification change); from IN_GRADING on it only moves forward, and a
 * GRADED copy changes only by being reopened (by an admin) or released.
 */
const NEXT: Readonly<Record<CopyStatus, readonly CopyStatus[]>> = {
  STAGING: ['READY', 'QUARANTINE'], //       identified and complete; or set aside
  QUARANTINE: ['STAGING'], //                 review completed its pages, or a person took it back
  READY: ['IN_GRADING', 'STAGING', 'QUARANTINE'], // grading started; identification undone; pages lost
  IN_GRADING: ['GRADED'], //                  finalised
  GRADED: ['REOPENED', 'RELEASED'], //        an admin reopens it; results are released
  REOPENED: ['GRADED'], //                    finalised again
  RELEASED: ['GRADED'], //                    results withdrawn
};

/** True when a copy may move from `from` to `to` (staying put is not a move). */
export function canTransition(from: CopyStatus, to: CopyStatus): boolean {
  return NEXT[from].includes(to);
}

export interface Transition {
  from: CopyStatus;
  to: CopyStatus;
  reason: string | null;
}

/**
 * The move of `copy` to `to`, or a 409 `invalid_state` naming the current status (in `detail`
 * and as the problem's `status` member) when the table forbids it.
 */
export function transition(copy: { status: CopyStatus }, to: CopyStatus, reason: string | null): Transition {
  if (!canTransition(copy.status, to)) {
    throw new AppError('invalid_state', `The copy is ${copy.status}: it cannot become ${to}.`, {
      extensions: { currentStatus: copy.status, requestedStatus: to },
    });
  }
  return { from: copy.status, to, reason };
}
