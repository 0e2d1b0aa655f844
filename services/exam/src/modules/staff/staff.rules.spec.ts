import { applyStaffFact, isActiveStaff } from './staff.rules';

const ids = { userId: '40000000-0000-4000-8000-000000000001', tenantId: '40000000-0000-4000-8000-0000000000aa' };
const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

describe('the staff read model', () => {
  it('follows the newest event: created, updated, deactivated', () => {
    let member = applyStaffFact(null, ids, { kind: 'profile', role: 'teacher', active: true }, t(1));
    expect(isActiveStaff(member)).toBe(true);
    member = applyStaffFact(member, ids, { kind: 'profile', role: 'admin', active: true }, t(2));
    expect(member).toMatchObject({ role: 'admin', active: true });
    member = applyStaffFact(member, ids, { kind: 'deactivated' }, t(3));
    expect(isActiveStaff(member)).toBe(false);
  });

  it('does not let an older event undo a newer one that arrived first', () => {
    const deactivated = applyStaffFact(null, ids, { kind: 'deactivated' }, t(5));
    const afterLateCreate = applyStaffFact(deactivated, ids, { kind: 'profile', role: 'teacher', active: true }, t(1));
    expect(afterLateCreate).toMatchObject({ role: 'teacher', active: false });
    expect(isActiveStaff(afterLateCreate)).toBe(false);
  });

  it('counts only active teachers and admins as staff', () => {
    expect(isActiveStaff({ role: 'student', active: true })).toBe(false);
    expect(isActiveStaff({ role: 'platform_admin', active: true })).toBe(false);
    expect(isActiveStaff({ role: null, active: true })).toBe(false);
    expect(isActiveStaff({ role: 'teacher', active: false })).toBe(false);
  });
});
