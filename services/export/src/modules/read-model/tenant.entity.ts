import { EntitySchema } from '@mikro-orm/core';

/** A school, as identity announces it: the name printed on graded PDFs. */
export class Tenant {
  id!: string;
  name!: string;
  institutionName = '';
}

export const tenantEntity = new EntitySchema<Tenant>({
  class: Tenant,
  tableName: 'tenant',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    institutionName: { type: 'text' },
  },
});
