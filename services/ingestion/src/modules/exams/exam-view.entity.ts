import { type ExamStatus, type NormalisedRect } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** What ingestion knows of an exam, kept from the exam service's events. */
export class ExamView {
  id!: string;
  tenantId!: string;
  status!: ExamStatus;
  pagesPerCopy!: number;
  headerRegion!: NormalisedRect;
  /** occurredAt of the event applied last: an older event never overwrites a newer one. */
  changedAt!: Date;
}

export const examViewEntity = new EntitySchema<ExamView>({
  class: ExamView,
  tableName: 'exam_view',
  indexes: [{ properties: ['tenantId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    status: { type: 'text' },
    pagesPerCopy: { type: 'integer' },
    headerRegion: { type: 'json' },
    changedAt: { type: 'datetime' },
  },
});
