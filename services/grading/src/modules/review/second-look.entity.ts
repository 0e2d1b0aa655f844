import { EntitySchema } from '@mikro-orm/core';

/**
 * A copy whose scores or annotations touch nodes a new scheme version changed or removed. Scores
 * stay on their node ids; a person looks again. Resolved by the next finalise on that version or later.
 */
export class SecondLookRecord {
  copyId!: string;
  schemeVersion!: number;
  tenantId!: string;
  examId!: string;
  nodeIds: string[] = [];
  raisedAt: Date = new Date();
  resolvedAt: Date | null = null;
}

export const secondLookEntity = new EntitySchema<SecondLookRecord>({
  class: SecondLookRecord,
  tableName: 'second_look',
  properties: {
    copyId: { type: 'uuid', primary: true },
    schemeVersion: { type: 'integer', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    nodeIds: { type: 'json' },
    raisedAt: { type: 'datetime' },
    resolvedAt: { type: 'datetime', nullable: true },
  },
  indexes: [{ name: 'second_look_exam_index', properties: ['tenantId', 'examId'] }],
});
