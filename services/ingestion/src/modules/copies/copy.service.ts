import { type AssembledCopyList, type AssembledCopyView, type CompleteAssembledCopy, type Pagination } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type AuditLog } from '@gradeline/runtime';
import { LockMode } from '@mikro-orm/core';
import { batchOfTenant } from '../batches/batch.repository';
import { Page } from '../pages/page.entity';
import { assertReviewable, type AuditContext } from '../review/review.service';
import { assertVersion } from '../../shared/if-match';
import { Copy } from './copy.entity';
import { copyView, reviseCopy } from './copy-revision';

export interface CompleteAction {
  audit: AuditContext;
  batchId: string;
  copyId: string;
  version: number;
}

/** The copies a batch assembled, and taking one out of quarantine. */
export class CopyService {
  constructor(private readonly deps: { audit: AuditLog }) {}

  async list(em: EntityManager, tenantId: string, batchId: string, page: Pagination): Promise<AssembledCopyList> {
    await batchOfTenant(em, tenantId, batchId);
    const [copies, total] = await em.findAndCount(Copy, { batchId, tenantId }, { orderBy: { ordinal: 'asc', createdAt: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset });
    const pages = await em.find(Page, { copyId: { $in: copies.map((c) => c.id) } });
    return { items: copies.map((c) => copyView(c, pages)), total };
  }

  async get(em: EntityManager, tenantId: string, batchId: string, copyId: string): Promise<AssembledCopyView> {
    const copy = await this.copy(em, tenantId, batchId, copyId, false);
    return copyView(copy, await em.find(Page, { copyId: copy.id }));
  }

  /**
   * Takes a copy out of quarantine: at once when no page is missing any more, or, with
   * `acceptIncomplete` and a reason, as it is (a student who handed in fewer pages).
   */
  async complete(em: EntityManager, action: CompleteAction, body: CompleteAssembledCopy): Promise<AssembledCopyView> {
    return em.transactional(async (tx) => {
      const batch = await batchOfTenant(tx, action.audit.tenantId, action.batchId);
      assertReviewable(batch);
      const copy = await this.copy(tx, batch.tenantId, batch.id, action.copyId, true);
      const pages = await tx.find(Page, { copyId: copy.id });
      await assertVersion(action.version, copy.version, () => copyView(copy, pages));
      if (copy.status !== 'incomplete') throw new AppError('invalid_state', `the copy is ${copy.status}, not in quarantine`);
      if (copy.missingPages.length > 0 && !body.acceptIncomplete) {
        throw new AppError('copy_incomplete', `pages ${copy.missingPages.join(', ')} are missing: place them, or accept the copy incomplete with a reason`, {
          extensions: { missingPages: copy.missingPages },
        });
      }
      copy.status = copy.missingPages.length === 0 ? 'complete' : 'accepted_incomplete';
      copy.acceptedReason = copy.missingPages.length === 0 ? null : (body.reason ?? null);
      await reviseCopy(tx, copy, batch.pagesPerCopy);
      this.deps.audit.record(tx, {
        ...action.audit,
        action: 'copy.quarantine_lifted',
        subjectType: 'copy',
        subjectId: copy.id,
        // The reason is free text a person wrote: it stays on the copy, not in the audit trail.
        details: { batchId: batch.id, status: copy.status, missingPages: copy.missingPages },
      });
      return copyView(copy, pages);
    });
  }

  private async copy(em: EntityManager, tenantId: string, batchId: string, copyId: string, lock: boolean): Promise<Copy> {
    const copy = await em.findOne(Copy, { id: copyId, batchId, tenantId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!copy) throw notFound('copy');
    return copy;
  }
}
