import { type CopyAssembledV1, type CopyList, type CopyListQuery, type CopyStatus } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { PermanentError } from '@gradeline/messaging';
import { type Clock } from '@gradeline/runtime';
import { type Caller } from '../../http/caller';
import { type ChangeRecorder } from '../../http/change-recorder';
import { assertCurrentVersion } from '../../http/versioning';
import { assertExamAccess, canManageExam } from '../exam/exam-access';
import { examRepository } from '../exam/exam.repository';
import { loadCopy } from './copy-access';
import { allocateAnonymousCode, cryptoRandom, type RandomSource } from './anonymous-code';
import { Copy } from './copy.entity';
import { copyRepository } from './copy.repository';
import { move, promoteIfReady, recordTransition } from './copy-moves';
import { assignedCopyView, copyRegisteredData, copyView } from './copy.view';

/** Until grading starts a copy's pages follow ingestion's revisions; after, they stay as graded. */
const PAGES_FOLLOW_INGESTION: readonly CopyStatus[] = ['STAGING', 'QUARANTINE', 'READY'];
/** Reasons of the automatic moves (a person's moves carry their own words). */
export const INCOMPLETE = 'incomplete';
export const COMPLETED = 'completed';

export type AssembledOutcome = 'registered' | 'revised' | 'ignored';

/** The copies registry: registration from ingestion, statuses, and what people see of it. */
export class CopyService {
  constructor(private readonly deps: { clock: Clock; random?: RandomSource }) {}

  /**
   * ingestion.copy.assembled.v1: registers a copy on first sight (STAGING when complete, else
   * QUARANTINE) with a new anonymous code; a higher revision replaces its pages (and completes or
   * quarantines it); a lower or equal revision changes nothing.
   */
  async onAssembled(em: EntityManager, changes: ChangeRecorder, data: CopyAssembledV1): Promise<AssembledOutcome> {
    const exam = await examRepository.find(em, changes.tenantId, data.examId);
    if (!exam) throw new PermanentError('not_found', 'the copy names an exam this school does not have');
    const copy = await copyRepository.find(em, changes.tenantId, data.copyId);
    if (!copy) return this.register(em, changes, data);
    if (copy.examId !== data.examId) throw new PermanentError('conflict', 'the copy is registered for another exam');
    if (data.revision <= copy.revision) return 'ignored';
    return this.revise(changes, copy, data);
  }

  private async register(em: EntityManager, changes: ChangeRecorder, data: CopyAssembledV1): Promise<AssembledOutcome> {
    const now = this.deps.clock.now();
    const tenantId = changes.tenantId;
    const anonymousCode = await allocateAnonymousCode((code) => copyRepository.codeTaken(em, tenantId, code), this.deps.random ?? cryptoRandom);
    const status: CopyStatus = data.complete ? 'STAGING' : 'QUARANTINE';
    const reason = data.complete ? null : INCOMPLETE;
    const copy = Object.assign(new Copy(), { id: data.copyId, tenantId, examId: data.examId, anonymousCode, status, statusReason: reason, statusChangedAt: now, registeredAt: now });
    assignPages(copy, data, now);
    em.persist(copy);
    // Flushed now so that the next copy of the same transaction sees this code as taken.
    await em.flush();
    changes.event('exam.copy.registered.v1', copyRegisteredData(copy));
    changes.audit({ action: 'copy.registered', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, batchId: copy.batchId, revision: copy.revision, complete: copy.complete } });
    recordTransition(changes, copy, { from: null, to: status, reason });
    return 'registered';
  }

  private revise(changes: ChangeRecorder, copy: Copy, data: CopyAssembledV1): AssembledOutcome {
    const details = { examId: copy.examId, revision: data.revision, complete: data.complete, status: copy.status };
    if (!PAGES_FOLLOW_INGESTION.includes(copy.status)) {
      changes.audit({ action: 'copy.revision_ignored', subjectType: 'copy', subjectId: copy.id, details });
      return 'ignored';
    }
    const now = this.deps.clock.now();
    assignPages(copy, data, now);
    // A copy set aside as blank at the desk stays aside whatever its pages.
    if (copy.complete && copy.status === 'QUARANTINE' && copy.blankReason === null) {
      move(changes, copy, 'STAGING', COMPLETED, now);
      promoteIfReady(changes, copy, now);
    }
    if (!copy.complete && copy.status !== 'QUARANTINE') move(changes, copy, 'QUARANTINE', INCOMPLETE, now);
    changes.event('exam.copy.registered.v1', copyRegisteredData(copy));
    changes.audit({ action: 'copy.pages_updated', subjectType: 'copy', subjectId: copy.id, details });
    return 'revised';
  }

  /**
   * A person moves a copy (sets it aside, takes it back); illegal moves are 409 naming the status.
   * Taking a copy back also lifts a blank mark, and an identified copy goes on to READY.
   */
  async moveByHand(em: EntityManager, changes: ChangeRecorder, caller: Caller, id: string, to: CopyStatus, reason: string, expected: number | null): Promise<Copy> {
    const copy = await this.load(em, caller, id);
    assertCurrentVersion('copy', expected, copy.version, () => copyView(copy));
    const now = this.deps.clock.now();
    move(changes, copy, to, reason, now);
    if (to === 'STAGING' && copy.blankReason !== null) {
      changes.audit({ action: 'copy.blank_lifted', subjectType: 'copy', subjectId: copy.id, details: { examId: copy.examId, blankReason: copy.blankReason } });
      copy.blankReason = null;
    }
    promoteIfReady(changes, copy, now);
    return copy;
  }

  /** A copy of an exam the caller manages (owner, lead, admin); other schools' copies are 404. */
  async load(em: EntityManager, caller: Caller, id: string): Promise<Copy> {
    return (await loadCopy(em, caller, id)).copy;
  }

  /** The exam's copies for its managers; a corrector who does not manage it sees only theirs, without the student. */
  async list(em: EntityManager, caller: Caller, examId: string, query: CopyListQuery): Promise<CopyList> {
    const exam = await examRepository.find(em, caller.tenantId, examId);
    if (!exam) throw notFound('exam');
    assertExamAccess(caller.principal, exam, 'read');
    if (canManageExam(caller.principal, exam)) {
      const [copies, total] = await copyRepository.list(em, caller.tenantId, examId, query);
      return { items: copies.map(copyView), total };
    }
    const [copies, total] = await copyRepository.list(em, caller.tenantId, examId, { ...query, correctorId: caller.userId });
    return { items: copies.map((copy) => assignedCopyView(copy, exam.name)), total };
  }
}

function assignPages(copy: Copy, data: CopyAssembledV1, now: Date): void {
  Object.assign(copy, {
    batchId: data.batchId,
    revision: data.revision,
    pages: data.pages,
    headerCropKey: data.headerCropKey,
    complete: data.complete,
    missingPages: data.missingPages,
    assembly: data.assembly,
    sheetSlot: data.sheet?.slot ?? null,
    sheetStudentId: data.sheet?.studentId ?? null,
    updatedAt: now,
  });
}
