import { EntitySchema } from '@mikro-orm/core';

/** An exam as the matcher needs it: whose classes' students are candidates. */
export class ExamView {
  id!: string;
  tenantId!: string;
  classNames: string[] = [];
  /** occurredAt of the event applied last: older events are ignored. */
  eventAt!: Date;
}

export const examViewEntity = new EntitySchema<ExamView>({
  class: ExamView,
  tableName: 'exam_view',
  indexes: [{ properties: ['tenantId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    classNames: { type: 'json' },
    eventAt: { type: 'datetime' },
  },
});
