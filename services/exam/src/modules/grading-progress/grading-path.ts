import { type CopyStatus } from '@gradeline/contracts';
import { type Copy } from '../copy/copy.entity';
import { canTransition } from '../copy/copy-status';

/** The statuses grading's events move a copy into (from READY on); RELEASED and the earlier ones are not theirs. */
const GRADING_STATUSES: readonly CopyStatus[] = ['IN_GRADING', 'GRADED', 'REOPENED'];

/**
 * The status grading's events add up to, whatever order they arrived in (three consumers, so they
 * may cross): reopened at or after the newest finalised version → REOPENED; finalised → GRADED;
 * started → IN_GRADING; nothing yet → null.
 */
export function gradingTarget(copy: Pick<Copy, 'gradingStartedAt' | 'gradedVersion' | 'reopenedVersion'>): CopyStatus | null {
  if (copy.reopenedVersion > 0 && copy.reopenedVersion >= copy.gradedVersion) return 'REOPENED';
  if (copy.gradedVersion > 0) return 'GRADED';
  return copy.gradingStartedAt !== null ? 'IN_GRADING' : null;
}

/**
 * The shortest series of legal moves (the status table) from `from` to `to` through grading's
 * statuses, e.g. READY → IN_GRADING → GRADED when the finalised event overtook the started one;
 * [] when already there, null when no such path exists (a copy taken back to STAGING meanwhile).
 */
export function gradingPath(from: CopyStatus, to: CopyStatus): CopyStatus[] | null {
  if (from === to) return [];
  if (from !== 'READY' && !GRADING_STATUSES.includes(from)) return null;
  const previous = new Map<CopyStatus, CopyStatus>();
  const queue: CopyStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift() as CopyStatus;
    for (const next of GRADING_STATUSES) {
      if (next === from || previous.has(next) || !canTransition(at, next)) continue;
      previous.set(next, at);
      if (next === to) return unwind(previous, from, to);
      queue.push(next);
    }
  }
  return null;
}

function unwind(previous: Map<CopyStatus, CopyStatus>, from: CopyStatus, to: CopyStatus): CopyStatus[] {
  const path: CopyStatus[] = [];
  for (let at = to; at !== from; at = previous.get(at) as CopyStatus) path.unshift(at);
  return path;
}
