import { type GradingDraftContent } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** A corrector's unsaved work on a copy, autosaved; one per (copy, person), versioned. */
export class DraftRecord {
  copyId!: string;
  userId!: string;
  tenantId!: string;
  version = 1;
  content: GradingDraftContent = {};
  updatedAt: Date = new Date();
}

export const draftEntity = new EntitySchema<DraftRecord>({
  class: DraftRecord,
  tableName: 'draft',
  properties: {
    copyId: { type: 'uuid', primary: true },
    userId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    version: { type: 'integer' },
    content: { type: 'json' },
    updatedAt: { type: 'datetime' },
  },
});
