import { type CopyFinalizedV1, type CopyReopenedV1, type GradingStartedV1 } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type Clock } from '@gradeline/runtime';
import { type ChangeRecorder } from '../../http/change-recorder';
import { type Copy } from '../copy/copy.entity';
import { copyRepository } from '../copy/copy.repository';
import { move } from '../copy/copy-moves';
import { examRepository } from '../exam/exam.repository';
import { gradingPath, gradingTarget } from './grading-path';

export type GradingOutcome = 'applied' | 'stale' | 'unknown_copy';

/** Reasons of the moves grading's events make (a reopening carries the admin's own words). */
export const GRADING_STARTED = 'grading_started';
export const FINALIZED = 'finalized';

/**
 * Follows grading's events on the copies registry: started → IN_GRADING, finalised → GRADED (with
 * its total and version), reopened → REOPENED. The three arrive through three consumers and may
 * cross, so each event updates what is known (versions only grow) and the copy then walks the
 * status table to where all of it adds up (grading-path.ts), one transition event per step.
 */
export class GradingProgressService {
  constructor(private readonly deps: { clock: Clock }) {}

  async onStarted(em: EntityManager, changes: ChangeRecorder, data: GradingStartedV1, at: Date): Promise<GradingOutcome> {
    await noteScores(em, changes, data.examId, data.copyId, at);
    const copy = await copyRepository.find(em, changes.tenantId, data.copyId);
    if (!copy) return 'unknown_copy';
    if (copy.gradingStartedAt !== null) return 'stale';
    copy.gradingStartedAt = at;
    this.follow(changes, copy);
    return 'applied';
  }

  async onFinalized(em: EntityManager, changes: ChangeRecorder, data: CopyFinalizedV1, at: Date): Promise<GradingOutcome> {
    await noteScores(em, changes, data.examId, data.copyId, at);
    const copy = await copyRepository.find(em, changes.tenantId, data.copyId);
    if (!copy) return 'unknown_copy';
    if (data.version <= copy.gradedVersion) return 'stale';
    Object.assign(copy, {
      gradedVersion: data.version,
      total: data.total,
      maxTotal: data.maxTotal,
      finalizedAt: new Date(data.finalizedAt),
      gradingStartedAt: copy.gradingStartedAt ?? at,
    });
    changes.audit({ action: 'copy.graded', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, version: data.version, schemeVersion: data.schemeVersion } });
    this.follow(changes, copy);
    return 'applied';
  }

  async onReopened(em: EntityManager, changes: ChangeRecorder, data: CopyReopenedV1, at: Date): Promise<GradingOutcome> {
    const copy = await copyRepository.find(em, changes.tenantId, data.copyId);
    if (!copy) return 'unknown_copy';
    if (data.version <= copy.reopenedVersion || data.version < copy.gradedVersion) return 'stale';
    Object.assign(copy, { reopenedVersion: data.version, reopenReason: data.reason, gradingStartedAt: copy.gradingStartedAt ?? at });
    this.follow(changes, copy);
    return 'applied';
  }

  /** Walks the copy to the status its grading adds up to; a copy that has no legal way there is audited and left. */
  private follow(changes: ChangeRecorder, copy: Copy): void {
    const now = this.deps.clock.now();
    copy.updatedAt = now;
    const target = gradingTarget(copy);
    // Released results stay released: a copy is reopened only after they are withdrawn.
    if (target === null || (copy.status === 'RELEASED' && target === 'GRADED')) return;
    const path = gradingPath(copy.status, target);
    if (path === null) {
      const details = { examId: copy.examId, status: copy.status, target };
      changes.audit({ action: 'copy.grading_out_of_step', subjectType: 'copy', subjectId: copy.id, outcome: 'failure', details });
      return;
    }
    for (const to of path) move(changes, copy, to, reasonFor(copy, to), now);
  }
}

function reasonFor(copy: Copy, to: Copy['status']): string | null {
  if (to === 'IN_GRADING') return GRADING_STARTED;
  if (to === 'GRADED') return FINALIZED;
  return copy.reopenReason;
}

/**
 * The first sign of grading on an exam freezes its scheme versions (see SchemeService), whether or
 * not this service still has the copy.
 */
async function noteScores(em: EntityManager, changes: ChangeRecorder, examId: string, copyId: string, at: Date): Promise<void> {
  if (!(await examRepository.markScoresExist(em, changes.tenantId, examId, at))) return;
  changes.audit({ action: 'scheme.frozen', subjectType: 'exam', subjectId: examId, details: { copyId } });
}
