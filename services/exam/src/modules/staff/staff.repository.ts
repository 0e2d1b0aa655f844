import { type EntityManager } from '@gradeline/db';
import { isActiveStaff } from './staff.rules';
import { StaffMember } from './staff-member.entity';

export const staffRepository = {
  find(em: EntityManager, tenantId: string, userId: string): Promise<StaffMember | null> {
    return em.findOne(StaffMember, { userId, tenantId });
  },

  /** Those of `userIds` who are active teachers or admins of the school. */
  async activeStaff(em: EntityManager, tenantId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const members = await em.find(StaffMember, { tenantId, userId: { $in: [...userIds] } });
    return new Set(members.filter(isActiveStaff).map((m) => m.userId));
  },
};
