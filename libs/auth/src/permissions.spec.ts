import { type Role } from '@gradeline/contracts';
import { Permission, can, permissionsByRole } from './permissions';

const as = (role: Role) => ({ role, scope: 'full' as const });
const allowed = (role: Role) => Permission.options.filter((p) => can(as(role), p));

describe('the permission table', () => {
  it('covers every permission of the platform, each granted to someone', () => {
    expect(Permission.options).toHaveLength(26);
    for (const permission of Permission.options) {
      const roles = (['platform_admin', 'admin', 'teacher', 'student'] as const).filter((r) => can(as(r), permission));
      expect({ permission, granted: roles.length > 0 }).toEqual({ permission, granted: true });
    }
  });

  it('lets a platform admin manage schools and platform operations, and read no school data', () => {
    expect(allowed('platform_admin')).toEqual(['tenants:manage', 'dead-letters:manage']);
    expect(can(as('platform_admin'), 'exams:read')).toBe(false);
    expect(can(as('platform_admin'), 'students:read')).toBe(false);
    expect(can(as('platform_admin'), 'audit:read')).toBe(false);
  });

  it("gives a school admin every school-level right, but not the platform's (and no 'own' results: admins sit no exams)", () => {
    const platform = ['tenants:manage', 'dead-letters:manage', 'results:read-own'];
    const school = Permission.options.filter((p) => !platform.includes(p));
    expect(allowed('admin')).toEqual(school);
  });

  it('lets a teacher run their exams from upload to release, but not reopen, take over or administer', () => {
    for (const p of ['exams:create', 'exams:manage', 'batches:upload', 'copies:identify', 'copies:dispatch', 'copies:grade',
      'exports:create', 'stats:read', 'results:release', 'students:read'] as const) {
      expect({ p, can: can(as('teacher'), p) }).toEqual({ p, can: true });
    }
    for (const p of ['copies:reopen', 'copies:take-over', 'grading:read-all', 'users:manage', 'students:manage', 'audit:read',
      'webhooks:manage', 'retention:manage', 'charter:manage', 'tenants:manage', 'dead-letters:manage'] as const) {
      expect({ p, can: can(as('teacher'), p) }).toEqual({ p, can: false });
    }
  });

  it('lets a student read their own results and nothing else: no grading, no exams, no roster', () => {
    expect(allowed('student')).toEqual(['results:read-own']);
    expect(can(as('student'), 'copies:grade')).toBe(false);
    expect(can(as('student'), 'exams:read')).toBe(false);
  });

  it('grants nothing to a token that is only good for changing the password', () => {
    expect(Permission.options.filter((p) => can({ role: 'admin', scope: 'password_change' }, p))).toEqual([]);
  });

  it('derives permissionsByRole from the same table', () => {
    for (const role of ['platform_admin', 'admin', 'teacher', 'student'] as const) {
      expect(permissionsByRole[role]).toEqual(allowed(role));
    }
  });
});
