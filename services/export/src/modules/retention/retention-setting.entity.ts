import { EntitySchema } from '@mikro-orm/core';

/** How long a school keeps copies, marks and PDFs: months after the exam date (null: keep). */
export class RetentionSetting {
  tenantId!: string;
  months: number | null = null;
  version = 1;
  updatedAt: Date = new Date();
  updatedBy!: string;
}

export const retentionSettingEntity = new EntitySchema<RetentionSetting>({
  class: RetentionSetting,
  tableName: 'retention_setting',
  properties: {
    tenantId: { type: 'uuid', primary: true },
    months: { type: 'integer', nullable: true },
    version: { type: 'integer' },
    updatedAt: { type: 'datetime' },
    updatedBy: { type: 'uuid' },
  },
});
