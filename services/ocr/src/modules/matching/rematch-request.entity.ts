import { EntitySchema } from '@mikro-orm/core';

/**
 * An exam waiting to be re-matched (roster or identification changes). One row per exam: later
 * changes before `dueAt` join the pending request, so a roster import re-matches each exam once.
 */
export class RematchRequest {
  examId!: string;
  tenantId!: string;
  dueAt!: Date;
  reason!: string;
}

export const rematchRequestEntity = new EntitySchema<RematchRequest>({
  class: RematchRequest,
  tableName: 'rematch_request',
  indexes: [{ properties: ['dueAt'] }],
  properties: {
    examId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    dueAt: { type: 'datetime' },
    reason: { type: 'text' },
  },
});
