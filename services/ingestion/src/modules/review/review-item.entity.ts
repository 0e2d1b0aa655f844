import { type ReviewItemStatus, type ReviewReason } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** A page that assembly would not place by itself, waiting for a person. */
export class ReviewItem {
  id!: string;
  tenantId!: string;
  batchId!: string;
  pageId!: string;
  reason!: ReviewReason;
  status: ReviewItemStatus = 'open';
  version = 1;
  thumbnailKey: string | null = null;
  assignedCopyId: string | null = null;
  resolvedBy: string | null = null;
  resolvedAt: Date | null = null;
  createdAt: Date = new Date();
}

export const reviewItemEntity = new EntitySchema<ReviewItem>({
  class: ReviewItem,
  tableName: 'review_item',
  indexes: [{ properties: ['batchId', 'status'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    batchId: { type: 'uuid' },
    pageId: { type: 'uuid' },
    reason: { type: 'text' },
    status: { type: 'text', default: 'open' },
    version: { type: 'integer', default: 1 },
    thumbnailKey: { type: 'text', nullable: true },
    assignedCopyId: { type: 'uuid', nullable: true },
    resolvedBy: { type: 'uuid', nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
