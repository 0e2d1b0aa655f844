import { type Role } from '@gradeline/contracts';
import { StaffMember } from './staff-member.entity';

/** What one of identity's user events says about an account. */
export type StaffFact = { kind: 'profile'; role: Role; active: boolean } | { kind: 'deactivated' };

/**
 * Applies a user event to the read model. The three event types arrive through three consumers,
 * so they can cross: an event older than the newest one applied changes nothing, except that it
 * may tell the role of an account known so far only by its deactivation.
 */
export function applyStaffFact(current: StaffMember | null, ids: { userId: string; tenantId: string }, fact: StaffFact, at: Date): StaffMember {
  const member = current ?? Object.assign(new StaffMember(), { ...ids, role: null, active: false, asOf: new Date(0) });
  if (at < member.asOf) {
    if (member.role === null && fact.kind === 'profile') member.role = fact.role;
    return member;
  }
  if (fact.kind === 'profile') {
    member.role = fact.role;
    member.active = fact.active;
  } else {
    member.active = false;
  }
  member.asOf = at;
  return member;
}

/** Who may correct or lead an exam: an active teacher, or an admin (who holds every school right). */
export function isActiveStaff(member: Pick<StaffMember, 'role' | 'active'>): boolean {
  return member.active && (member.role === 'teacher' || member.role === 'admin');
}
