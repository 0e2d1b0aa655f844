import { type ExamStatus, type NormalisedRect } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** What grading keeps of an exam (from exam.exam.created/updated.v1): who may grade or manage, what to mask. */
export class GradingExam {
  id!: string;
  tenantId!: string;
  correctorIds: string[] = [];
  leadTeacherIds: string[] = [];
  /** The teacher (or admin) who created the exam: manages its grading as its leads do (null: not carried by older events). */
  ownerId: string | null = null;
  /** The name box on page 1, painted over in the renditions correctors get. */
  headerRegion!: NormalisedRect;
  status!: ExamStatus;
  pagesPerCopy!: number;
  /** occurredAt of the event this row reflects: an older event never overwrites a newer one. */
  eventAt!: Date;
}

export const examEntity = new EntitySchema<GradingExam>({
  class: GradingExam,
  tableName: 'exam',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    correctorIds: { type: 'json' },
    leadTeacherIds: { type: 'json' },
    ownerId: { type: 'uuid', nullable: true },
    headerRegion: { type: 'json' },
    status: { type: 'text' },
    pagesPerCopy: { type: 'integer' },
    eventAt: { type: 'datetime' },
  },
  indexes: [{ name: 'exam_tenant_index', properties: ['tenantId'] }],
});
