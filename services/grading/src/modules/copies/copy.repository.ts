import { type CopyStatus } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { PermanentError } from '@gradeline/messaging';
import { LockMode } from '@mikro-orm/core';
import { GradingDocumentRecord } from '../grading/grading-document.entity';
import { GradingCopy } from './copy.entity';

/**
 * The copy and its grading document, created if this is the first event about it (events of
 * different types arrive on different consumers, in any order), locked for the transaction.
 */
export async function lockCopy(em: EntityManager, tenantId: string, copyId: string, examId: string): Promise<{ copy: GradingCopy; doc: GradingDocumentRecord }> {
  await em.execute(`insert into "copy" ("id", "tenant_id", "exam_id", "pages") values (?, ?, ?, '[]') on conflict do nothing`, [copyId, tenantId, examId]);
  await em.execute(
    `insert into "grading_document" ("copy_id", "tenant_id", "exam_id", "version", "state", "finalized_version", "updated_at")
     values (?, ?, ?, 1, 'open', 0, now()) on conflict do nothing`,
    [copyId, tenantId, examId],
  );
  const copy = await em.findOneOrFail(GradingCopy, { id: copyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (copy.tenantId !== tenantId) throw new PermanentError('tenant_mismatch', 'the copy belongs to another school');
  const doc = await em.findOneOrFail(GradingDocumentRecord, { copyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return { copy, doc };
}

/**
 * Applies a status if it is newer than the one held. Two events of the same instant are ordered by
 * their chain: a transition applies when it starts from the status held.
 */
export function applyStatus(copy: GradingCopy, to: CopyStatus, at: Date, from: CopyStatus | null): void {
  const newer = copy.statusAt === null || at > copy.statusAt || (at.getTime() === copy.statusAt.getTime() && from !== null && from === copy.status);
  if (!newer) return;
  copy.status = to;
  copy.statusAt = at;
}
