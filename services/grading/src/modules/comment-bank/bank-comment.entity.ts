import { EntitySchema } from '@mikro-orm/core';

/** A reusable comment: personal (ownerId set) or shared by the people grading an exam (ownerId null). */
export class BankCommentRecord {
  id!: string;
  tenantId!: string;
  ownerId: string | null = null;
  examId: string | null = null;
  nodeId: string | null = null;
  text!: string;
  usageCount = 0;
  createdBy!: string;
  createdAt: Date = new Date();
}

export const bankCommentEntity = new EntitySchema<BankCommentRecord>({
  class: BankCommentRecord,
  tableName: 'bank_comment',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    ownerId: { type: 'uuid', nullable: true },
    examId: { type: 'uuid', nullable: true },
    nodeId: { type: 'uuid', nullable: true },
    text: { type: 'text' },
    usageCount: { type: 'integer' },
    createdBy: { type: 'uuid' },
    createdAt: { type: 'datetime' },
  },
  indexes: [
    { name: 'bank_comment_owner_index', properties: ['tenantId', 'ownerId'] },
    { name: 'bank_comment_exam_index', properties: ['tenantId', 'examId'] },
  ],
});
