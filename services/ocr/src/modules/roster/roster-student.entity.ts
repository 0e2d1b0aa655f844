import { EntitySchema } from '@mikro-orm/core';

/**
 * A roster student as identity published them: the matching candidates. A removed student stays
 * as a tombstone without names (so a late upsert older than the removal cannot revive them).
 */
export class RosterStudent {
  id!: string;
  tenantId!: string;
  lastName: string | null = null;
  firstName: string | null = null;
  /** YYYY-MM-DD */
  birthDate: string | null = null;
  className!: string;
  removed = false;
  /** occurredAt of the event applied last: older events are ignored. */
  eventAt!: Date;
}

export const rosterStudentEntity = new EntitySchema<RosterStudent>({
  class: RosterStudent,
  tableName: 'roster_student',
  indexes: [{ properties: ['tenantId', 'className'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    lastName: { type: 'text', nullable: true },
    firstName: { type: 'text', nullable: true },
    birthDate: { type: 'text', nullable: true },
    className: { type: 'text' },
    removed: { type: 'boolean' },
    eventAt: { type: 'datetime' },
  },
});
