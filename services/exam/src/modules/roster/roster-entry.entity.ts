import { EntitySchema } from '@mikro-orm/core';

/**
 * A roster student as identity's events describe them (for prenamed sheets and, later, the
 * identification desk). A removed student stays as a tombstone without a name, so an older
 * upsert arriving late cannot bring them back.
 */
export class RosterEntry {
  studentId!: string;
  tenantId!: string;
  lastName!: string;
  firstName!: string;
  /** YYYY-MM-DD */
  birthDate: string | null = null;
  className!: string;
  group: string | null = null;
  removed = false;
  asOf!: Date;
}

export const rosterEntryEntity = new EntitySchema<RosterEntry>({
  class: RosterEntry,
  tableName: 'roster_entry',
  indexes: [{ properties: ['tenantId', 'className'] }],
  properties: {
    studentId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    lastName: { type: 'text' },
    firstName: { type: 'text' },
    birthDate: { type: 'text', nullable: true },
    className: { type: 'text' },
    group: { type: 'text', nullable: true },
    removed: { type: 'boolean' },
    asOf: { type: 'datetime' },
  },
});
