import { type Role } from '@gradeline/contracts';
import { z } from 'zod';
import { type Principal } from './principal';

/** Everything a caller may be allowed to do, platform-wide. Services check these, never roles. */
export const Permission = z.enum([
  'tenants:manage',
  'users:manage',
  'users:read',
  'students:manage',
  'students:read',
  'exams:create',
  'exams:manage',
  'exams:read',
  'batches:upload',
  'batches:review',
  'copies:identify',
  'copies:dispatch',
  'copies:grade',
  'copies:take-over',
  'copies:reopen',
  'grading:read-all',
  'exports:create',
  'exports:read',
  'results:release',
  'results:read-own',
  'stats:read',
  'audit:read',
  'dead-letters:manage',
  'webhooks:manage',
  'charter:manage',
  'retention:manage',
]);
export type Permission = z.infer<typeof Permission>;

const STAFF: readonly Role[] = ['admin', 'teacher'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * THE permission table: who may do what, and why. A permission says what kind of action; the
 * service still checks which things (a teacher manages *their* exams, grades copies *assigned* to
 * them; everything stays within the caller's tenant, see assertSameTenant).
 *
 * Platform admins run the platform (schools, dead letters) and see no school's data: otherwise one
 * account could read every school's pupils. School admins hold every school-level right.
 */
export const rolesByPermission: Readonly<Record<Permission, readonly Role[]>> = {
  'tenants:manage': ['platform_admin'], //  create/suspend schools and their first admin
  'dead-letters:manage': ['platform_admin'], // the bus is shared by every school: platform operations
  'users:manage': ADMIN, //                 accounts and roles of the school's staff and students
  'users:read': STAFF, //                   teachers pick colleagues as correctors
  'students:manage': ADMIN, //              the roster (and its CSV import) is the school's record
  'students:read': STAFF, //                identifying copies needs the roster
  'exams:create': STAFF, //                 teachers set their own exams
  'exams:manage': STAFF, //                 teachers: their own exams (scheme, correctors)
  'exams:read': STAFF, //                   students see released results, never exams in progress
  'batches:upload': STAFF, //               whoever scanned the papers uploads them
  'batches:review': STAFF, //               sorting unknown/extra pages of one's own uploads
  'copies:identify': STAFF, //              the identification desk
  'copies:dispatch': STAFF, //              handing copies to the correctors of one's exam
  'copies:grade': STAFF, //                 correctors grade the copies assigned to them
  'copies:take-over': ADMIN, //             breaking another corrector's lease is an admin's call
  'copies:reopen': ADMIN, //                a GRADED copy is immutable unless an admin reopens it
  'grading:read-all': ADMIN, //             correctors see only their own copies
  'exports:create': STAFF, //               the teacher exports their exam's results
  'exports:read': STAFF,
  'results:release': STAFF, //              the teacher releases results to students
  'results:read-own': ['student'], //       students read their own released copies, nothing else
  'stats:read': STAFF,
  'audit:read': ADMIN, //                   the school's audit trail
  'webhooks:manage': ADMIN, //              integrations receive the school's events
  'charter:manage': ADMIN, //               the school's usage charter
  'retention:manage': ADMIN, //             how long the school keeps pupils' data
};

const granted = (role: Role): Permission[] => Permission.options.filter((p) => rolesByPermission[p].includes(role));

/** Each role's permissions, derived from the table above. */
export const permissionsByRole: Readonly<Record<Role, readonly Permission[]>> = {
  platform_admin: granted('platform_admin'),
  admin: granted('admin'),
  teacher: granted('teacher'),
  student: granted('student'),
};

/** True when the caller's role grants the permission. A password-change token grants nothing. */
export function can(principal: Pick<Principal, 'role' | 'scope'>, permission: Permission): boolean {
  return principal.scope === 'full' && rolesByPermission[permission].includes(principal.role);
}
