import { type TenantSettings } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** A school. Platform admins belong to none (PLATFORM_TENANT_ID has no row here). */
export class TenantRecord {
  id!: string;
  /** What people type at sign-in; lower case, unique. */
  code!: string;
  name!: string;
  timeZone!: string;
  settings!: TenantSettings;
  active = true;
  version = 1;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const tenantEntity = new EntitySchema<TenantRecord>({
  class: TenantRecord,
  tableName: 'tenant',
  properties: {
    id: { type: 'uuid', primary: true },
    code: { type: 'text', unique: 'tenant_code_unique' },
    name: { type: 'text' },
    timeZone: { type: 'text' },
    settings: { type: 'json' },
    active: { type: 'boolean' },
    version: { type: 'integer', version: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
  },
});
