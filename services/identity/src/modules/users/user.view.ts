import { type User, type UserCreatedV1 } from '@gradeline/contracts';
import { type UserRecord } from './user.entity';

/** The account as its admins see it: never the password hash. */
export function userView(user: UserRecord): User {
  return {
    id: user.id,
    tenantId: user.tenantId,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    active: user.active,
    studentId: user.studentId,
    mustChangePassword: user.mustChangePassword,
    hasPassword: user.passwordChangedAt !== null,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    version: user.version,
  };
}

/** The account as other services learn it (identity.user.*): no email, no credential. */
export function userEventData(user: UserRecord): UserCreatedV1 {
  return { userId: user.id, username: user.username, displayName: user.displayName, role: user.role, active: user.active, studentId: user.studentId };
}
