import { randomUUID } from 'node:crypto';
import { type AssignReviewPage, type ReviewItemView, type ReviewList, type ReviewListQuery } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type AuditInput, type AuditLog, type Clock } from '@gradeline/runtime';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Batch } from '../batches/batch.entity';
import { batchOfTenant } from '../batches/batch.repository';
import { Copy } from '../copies/copy.entity';
import { reviseCopy } from '../copies/copy-revision';
import { pageRef, type PageLinks } from '../pages/page-links';
import { Page } from '../pages/page.entity';
import { assertVersion } from '../../shared/if-match';
import { ReviewItem } from './review-item.entity';

export type AuditContext = Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;

export interface ReviewAction {
  audit: AuditContext;
  batchId: string;
  itemId: string;
  /** From If-Match. */
  version: number;
}

/** Review happens once assembly has written its items; a queued or failed batch has none. */
export function assertReviewable(batch: Batch): void {
  if (batch.status !== 'assembling' && batch.status !== 'completed') {
    throw new AppError('batch_not_reviewable', `the batch is ${batch.status}: review opens once its pages are assembled`);
  }
}

/** What people do with pages assembly would not place: look at them, put them in a copy, or set them aside. */
export class ReviewService {
  constructor(private readonly deps: { audit: AuditLog; links: PageLinks; clock: Clock }) {}

  async list(em: EntityManager, tenantId: string, batchId: string, query: ReviewListQuery): Promise<ReviewList> {
    await batchOfTenant(em, tenantId, batchId);
    const where: FilterQuery<ReviewItem> = { batchId, tenantId, ...(query.status ? { status: query.status } : {}) };
    const [items, total] = await em.findAndCount(ReviewItem, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: query.limit, offset: query.offset });
    const pages = await em.find(Page, { id: { $in: items.map((i) => i.pageId) } });
    const byId = new Map(pages.map((p) => [p.id, p]));
    return { items: await Promise.all(items.map((item) => this.view(item, byId.get(item.pageId)!))), total };
  }

  async get(em: EntityManager, tenantId: string, batchId: string, itemId: string): Promise<ReviewItemView> {
    const item = await this.item(em, tenantId, batchId, itemId);
    return this.view(item, await em.findOneOrFail(Page, { id: item.pageId }));
  }

  /** Puts the item's page into a copy of the exam (or a new copy) at a page number that is free. */
  async assign(em: EntityManager, action: ReviewAction, body: AssignReviewPage): Promise<ReviewItemView> {
    try {
      return await em.transactional(async (tx) => {
        const { batch, item, page } = await this.openItem(tx, action);
        if (!page.objectKey) throw new AppError('invalid_state', 'an unreadable page cannot be placed in a copy');
        const copy = body.newCopy ? this.newCopy(tx, batch) : await this.copyOfExam(tx, batch, body.copyId!);
        const taken = await tx.findOne(Page, { copyId: copy.id, pageNumber: body.pageNumber });
        if (taken) throw this.placeTaken(copy.id, body.pageNumber);
        Object.assign(page, { copyId: copy.id, pageNumber: body.pageNumber });
        this.resolve(item, 'assigned', action, copy.id);
        const copyBatch = copy.batchId === batch.id ? batch : await tx.findOneOrFail(Batch, { id: copy.batchId });
        await reviseCopy(tx, copy, copyBatch.pagesPerCopy);
        this.deps.audit.record(tx, {
          ...action.audit,
          action: 'review.page_assigned',
          subjectType: 'review_item',
          subjectId: item.id,
          details: { batchId: batch.id, pageId: page.id, reason: item.reason, copyId: copy.id, pageNumber: body.pageNumber, newCopy: body.newCopy === true },
        });
        return this.view(item, page);
      });
    } catch (error) {
      // Two people filling the same place at once: the database's unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw this.placeTaken(body.copyId ?? null, body.pageNumber);
      throw error;
    }
  }

  /** Sets the item's page aside: it will be in no copy. */
  async discard(em: EntityManager, action: ReviewAction): Promise<ReviewItemView> {
    return em.transactional(async (tx) => {
      const { batch, item, page } = await this.openItem(tx, action);
      this.resolve(item, 'discarded', action, null);
      this.deps.audit.record(tx, {
        ...action.audit,
        action: 'review.page_discarded',
        subjectType: 'review_item',
        subjectId: item.id,
        details: { batchId: batch.id, pageId: page.id, reason: item.reason },
      });
      return this.view(item, page);
    });
  }

  private async item(em: EntityManager, tenantId: string, batchId: string, itemId: string, lock = false): Promise<ReviewItem> {
    const item = await em.findOne(ReviewItem, { id: itemId, batchId, tenantId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!item) throw notFound('review item');
    return item;
  }

  private async openItem(em: EntityManager, action: ReviewAction): Promise<{ batch: Batch; item: ReviewItem; page: Page }> {
    const batch = await batchOfTenant(em, action.audit.tenantId, action.batchId);
    const item = await this.item(em, batch.tenantId, batch.id, action.itemId, true);
    const page = await em.findOneOrFail(Page, { id: item.pageId });
    assertReviewable(batch);
    await assertVersion(action.version, item.version, () => this.view(item, page));
    if (item.status !== 'open') throw new AppError('invalid_state', `the review item is already ${item.status}`);
    return { batch, item, page };
  }

  private resolve(item: ReviewItem, status: 'assigned' | 'discarded', action: ReviewAction, copyId: string | null): void {
    const by = action.audit.actor.kind === 'user' ? action.audit.actor.userId : null;
    Object.assign(item, { status, assignedCopyId: copyId, resolvedBy: by, resolvedAt: this.deps.clock.now(), version: item.version + 1 });
  }

  private newCopy(em: EntityManager, batch: Batch): Copy {
    const copy = Object.assign(new Copy(), {
      id: randomUUID(),
      tenantId: batch.tenantId,
      examId: batch.examId,
      batchId: batch.id,
      assembly: 'review',
      status: 'incomplete',
      // reviseCopy, right after the page is placed, makes this revision 1 and version 1.
      revision: 0,
      version: 0,
      createdAt: this.deps.clock.now(),
    });
    em.persist(copy);
    return copy;
  }

  /** Any copy of the same exam: a page rescanned in a later batch can complete an earlier copy. */
  private async copyOfExam(em: EntityManager, batch: Batch, copyId: string): Promise<Copy> {
    const copy = await em.findOne(Copy, { id: copyId, tenantId: batch.tenantId, examId: batch.examId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!copy) throw notFound('copy');
    return copy;
  }

  private placeTaken(copyId: string | null, pageNumber: number): AppError {
    return new AppError('conflict', `page ${pageNumber} of the copy is already placed`, { extensions: { copyId, pageNumber } });
  }

  private async view(item: ReviewItem, page: Page): Promise<ReviewItemView> {
    const code = page.codeSlot !== null && page.codePage !== null ? { slot: page.codeSlot, page: page.codePage } : null;
    return {
      id: item.id,
      batchId: item.batchId,
      reason: item.reason,
      status: item.status,
      version: item.version,
      page: pageRef(page),
      sheetCode: code,
      thumbnailUrl: item.thumbnailKey ? await this.deps.links.url(item.thumbnailKey) : null,
      assignedCopyId: item.assignedCopyId,
    };
  }
}
