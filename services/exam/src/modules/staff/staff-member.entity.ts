import { type Role } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** A user account as identity's events describe it: role and activity only, never a name. */
export class StaffMember {
  userId!: string;
  tenantId!: string;
  /** Null while only a deactivation has been seen (events of different types may cross). */
  role: Role | null = null;
  active!: boolean;
  /** occurredAt of the newest event applied: an older one never overwrites it. */
  asOf!: Date;
}

export const staffMemberEntity = new EntitySchema<StaffMember>({
  class: StaffMember,
  tableName: 'staff_member',
  indexes: [{ properties: ['tenantId'] }],
  properties: {
    userId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    role: { type: 'text', nullable: true },
    active: { type: 'boolean' },
    asOf: { type: 'datetime' },
  },
});
