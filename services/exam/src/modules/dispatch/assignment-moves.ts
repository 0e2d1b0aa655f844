import { type ChangeRecorder } from '../../http/change-recorder';
import { type Copy } from '../copy/copy.entity';

/** A dispatch run gives an unassigned copy its corrector (exam.copy.dispatched.v1). */
export function recordDispatched(changes: ChangeRecorder, copy: Copy, correctorId: string, dispatchId: string, now: Date): void {
  Object.assign(copy, { correctorId, dispatchId, assignedAt: now, updatedAt: now });
  changes.event('exam.copy.dispatched.v1', { copyId: copy.id, examId: copy.examId, correctorId, dispatchId });
}

/**
 * A copy changes corrector, or loses it (`to` null): by an admin, a rebalance run (`dispatchId`)
 * or a blank mark. exam.copy.reassigned.v1 tells grading; grading work already done stays with
 * the copy, and the new corrector continues it.
 */
export function recordReassigned(changes: ChangeRecorder, copy: Copy, to: string | null, reason: string | null, dispatchId: string | null, now: Date): void {
  const from = copy.correctorId;
  Object.assign(copy, { correctorId: to, dispatchId: to === null ? null : dispatchId, assignedAt: to === null ? null : now, updatedAt: now });
  changes.event('exam.copy.reassigned.v1', { copyId: copy.id, examId: copy.examId, fromCorrectorId: from, toCorrectorId: to, reason });
}
