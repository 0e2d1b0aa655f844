import { type CopyPage, type CopyStatus } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/**
 * What grading knows of a copy, from exam's events: its anonymous code, pages, status and corrector.
 * Never the student: exam.copy.identified.v1 is not consumed. Events of different types arrive on
 * different consumers, so each group of fields keeps the time of the event that set it.
 */
export class GradingCopy {
  id!: string;
  tenantId!: string;
  examId!: string;
  anonymousCode: string | null = null;
  pages: CopyPage[] = [];
  pagesAt: Date | null = null;
  status: CopyStatus | null = null;
  statusAt: Date | null = null;
  correctorId: string | null = null;
  assignedAt: Date | null = null;
}

export const copyEntity = new EntitySchema<GradingCopy>({
  class: GradingCopy,
  tableName: 'copy',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    examId: { type: 'uuid' },
    anonymousCode: { type: 'text', nullable: true },
    pages: { type: 'json' },
    pagesAt: { type: 'datetime', nullable: true },
    status: { type: 'text', nullable: true },
    statusAt: { type: 'datetime', nullable: true },
    correctorId: { type: 'uuid', nullable: true },
    assignedAt: { type: 'datetime', nullable: true },
  },
  indexes: [
    { name: 'copy_exam_index', properties: ['tenantId', 'examId'] },
    { name: 'copy_corrector_index', properties: ['tenantId', 'correctorId'] },
  ],
});
