import { type CopyStatus } from '@gradeline/contracts';
import { type ChangeRecorder } from '../../http/change-recorder';
import { type Copy } from './copy.entity';
import { transition, type Transition } from './copy-status';

/** Reason of the automatic move STAGING → READY. */
export const IDENTIFIED = 'identified';

/** Moves a copy by the status table (409 when it forbids the move), with its event and audit entry. */
export function move(changes: ChangeRecorder, copy: Copy, to: CopyStatus, reason: string | null, now: Date): void {
  const step = transition(copy, to, reason);
  Object.assign(copy, { status: to, statusReason: reason, statusChangedAt: now, updatedAt: now });
  recordTransition(changes, copy, step);
}

export function recordTransition(changes: ChangeRecorder, copy: Copy, step: Pick<Transition, 'to' | 'reason'> & { from: CopyStatus | null }): void {
  changes.event('exam.copy.transitioned.v1', { copyId: copy.id, examId: copy.examId, ...step });
  // The reason may be a person's words: the audit keeps ids and codes only.
  changes.audit({ action: 'copy.transitioned', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, from: step.from, to: step.to } });
}

/**
 * A copy becomes READY when it is identified and complete (STAGING means complete and not set
 * aside); called after every identification and every move into STAGING.
 */
export function promoteIfReady(changes: ChangeRecorder, copy: Copy, now: Date): void {
  if (copy.status !== 'STAGING' || copy.studentId === null) return;
  move(changes, copy, 'READY', IDENTIFIED, now);
  changes.event('exam.copy.ready.v1', { copyId: copy.id, examId: copy.examId, anonymousCode: copy.anonymousCode });
}
