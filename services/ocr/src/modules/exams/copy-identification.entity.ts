import { EntitySchema } from '@mikro-orm/core';

/**
 * Who the exam service says a copy is (any method: AUTO, the desk, bulk, QR). A person's
 * identification is final: that student is no longer a candidate elsewhere in the exam, and the
 * copy is no longer matched. `studentId` null = identification undone (kept to order events).
 */
export class CopyIdentification {
  copyId!: string;
  tenantId!: string;
  examId!: string;
  studentId: string | null = null;
  eventAt!: Date;
}

export const copyIdentificationEntity = new EntitySchema<CopyIdentification>({
  class: CopyIdentification,
  tableName: 'copy_identification',
  indexes: [{ properties: ['tenantId', 'examId'] }],
  properties: {
    copyId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    studentId: { type: 'uuid', nullable: true },
    eventAt: { type: 'datetime' },
  },
});
