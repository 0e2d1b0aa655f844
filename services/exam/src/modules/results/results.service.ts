import { type LeftOutReason, type ReleaseResult, type WithdrawResult } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { Copy } from '../copy/copy.entity';
import { move } from '../copy/copy-moves';
import { type ExamService } from '../exam/exam.service';

/** Reasons of the release moves. */
export const RELEASED = 'released';
export const WITHDRAWN = 'withdrawn';

/**
 * Results release. Releasing makes every GRADED copy that is identified RELEASED (students see it)
 * and says which copies were left out and why; calling it again releases copies graded since.
 * Withdrawing takes every released copy of the exam back to GRADED. Either is possible in any
 * status of the exam (results usually go out once it is closed).
 */
export class ResultsService {
  constructor(private readonly deps: { clock: Clock; exams: ExamService }) {}

  async release(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string): Promise<ReleaseResult> {
    await this.deps.exams.loadLocked(em, caller, examId, 'manage');
    const copies = await em.find(Copy, { tenantId: caller.tenantId, examId }, { orderBy: { registeredAt: 'asc', id: 'asc' } });
    const now = this.deps.clock.now();
    const result: ReleaseResult = { examId, releasedCopyIds: [], releasedAt: null, alreadyReleased: 0, leftOut: [] };
    for (const copy of copies) {
      if (copy.status === 'RELEASED') {
        result.alreadyReleased += 1;
        continue;
      }
      const reason = leftOutReason(copy);
      if (reason) {
        result.leftOut.push({ copyId: copy.id, anonymousCode: copy.anonymousCode, status: copy.status, reason });
        continue;
      }
      move(changes, copy, 'RELEASED', RELEASED, now);
      copy.releasedAt = now;
      result.releasedCopyIds.push(copy.id);
    }
    if (result.releasedCopyIds.length === 0) return result;
    result.releasedAt = now.toISOString();
    changes.event('exam.results.released.v1', { examId, copyIds: result.releasedCopyIds, releasedAt: result.releasedAt });
    changes.audit({ action: 'results.released', subjectType: 'exam', subjectId: examId, details: { copies: result.releasedCopyIds.length, leftOut: result.leftOut.length } });
    return result;
  }

  async withdraw(em: EntityManager, changes: ChangeRecorder, caller: Caller, examId: string): Promise<WithdrawResult> {
    await this.deps.exams.loadLocked(em, caller, examId, 'manage');
    const released = await em.find(Copy, { tenantId: caller.tenantId, examId, status: 'RELEASED' }, { orderBy: { registeredAt: 'asc', id: 'asc' } });
    const now = this.deps.clock.now();
    for (const copy of released) {
      move(changes, copy, 'GRADED', WITHDRAWN, now);
      copy.releasedAt = null;
    }
    const copyIds = released.map((c) => c.id);
    if (copyIds.length === 0) return { examId, withdrawnCopyIds: [] };
    changes.event('exam.results.withdrawn.v1', { examId, copyIds });
    changes.audit({ action: 'results.withdrawn', subjectType: 'exam', subjectId: examId, details: { copies: copyIds.length } });
    return { examId, withdrawnCopyIds: copyIds };
  }
}

/** Why a copy that is not yet released stays out of this release; null when it goes out. */
export function leftOutReason(copy: Pick<Copy, 'status' | 'studentId' | 'blankReason'>): LeftOutReason | null {
  if (copy.blankReason !== null) return 'blank';
  if (copy.status !== 'GRADED') return 'not_graded';
  return copy.studentId === null ? 'not_identified' : null;
}
