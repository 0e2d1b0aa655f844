import { type Principal } from '@gradeline/auth';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { LockMode } from '@mikro-orm/core';
import { copyAccess, type CopyAccess } from '../copies/copy-access';
import { GradingCopy } from '../copies/copy.entity';
import { GradingExam } from '../exams/exam.entity';
import { GradingDocumentRecord } from './grading-document.entity';

/** A copy opened by a caller who may see it: the read model, its grading document and exam. */
export interface CopyContext {
  copy: GradingCopy;
  doc: GradingDocumentRecord;
  exam: GradingExam | null;
  access: CopyAccess;
  principal: Principal;
}

/**
 * Loads a copy for a caller, in the caller's school only. Not found, another school's, or not the
 * caller's to grade: the same 404. With `lock`, the grading document row is locked until the
 * transaction ends, which serialises every write to the copy.
 */
export async function openCopy(em: EntityManager, principal: Principal, copyId: string, options: { lock?: boolean } = {}): Promise<CopyContext> {
  const tenantId = principal.tenantId;
  const doc = await em.findOne(GradingDocumentRecord, { copyId, tenantId }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  const copy = doc ? await em.findOne(GradingCopy, { id: copyId, tenantId }) : null;
  if (!doc || !copy) throw notFound('copy');
  const exam = await em.findOne(GradingExam, { id: copy.examId, tenantId });
  const access = copyAccess(principal, { correctorId: copy.correctorId, takenOverBy: doc.takenOverBy, leadTeacherIds: exam?.leadTeacherIds ?? [] });
  if (!access) throw notFound('copy');
  return { copy, doc, exam, access, principal };
}

// A copy ingestion could not assemble, or not yet complete: nothing to grade on it.
const NOT_GRADABLE = new Set(['STAGING', 'QUARANTINE']);

/** Refuses a write to a finalised copy, a copy taken over from the caller, or a copy not ready to grade. */
export function assertWritable(ctx: CopyContext): void {
  if (ctx.doc.state === 'finalized') {
    throw new AppError('copy_finalized', 'the copy is finalised: an admin must reopen it before it changes', {
      extensions: { finalizedVersion: ctx.doc.finalizedVersion, currentVersion: ctx.doc.version },
    });
  }
  if (!ctx.access.canWrite) {
    throw new AppError('copy_taken_over', 'an admin took this copy over: your work is kept, but only they can change the grading now');
  }
  if (ctx.copy.status !== null && NOT_GRADABLE.has(ctx.copy.status)) {
    throw new AppError('invalid_state', `the copy is ${ctx.copy.status}: it cannot be graded yet`);
  }
}
