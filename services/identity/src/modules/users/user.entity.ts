import { type Role } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** An account: staff of a school, a student (linked to a roster entry) or a platform admin. */
export class UserRecord {
  id!: string;
  tenantId!: string;
  username!: string;
  /** Lower-cased username and email: unique per tenant, so sign-in ignores case. */
  usernameKey!: string;
  email: string | null = null;
  emailKey: string | null = null;
  displayName!: string;
  role!: Role;
  active = true;
  studentId: string | null = null;
  /** argon2id PHC string; null until the person sets a password through a link. */
  passwordHash: string | null = null;
  mustChangePassword = false;
  passwordChangedAt: Date | null = null;
  lastSignInAt: Date | null = null;
  version = 1;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const userEntity = new EntitySchema<UserRecord>({
  class: UserRecord,
  tableName: 'user_account',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    username: { type: 'text' },
    usernameKey: { type: 'text' },
    email: { type: 'text', nullable: true },
    emailKey: { type: 'text', nullable: true },
    displayName: { type: 'text' },
    role: { type: 'text' },
    active: { type: 'boolean' },
    studentId: { type: 'uuid', nullable: true },
    passwordHash: { type: 'text', nullable: true, lazy: true },
    mustChangePassword: { type: 'boolean' },
    passwordChangedAt: { type: 'datetime', nullable: true },
    lastSignInAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
  },
  uniques: [
    { name: 'user_username_unique', properties: ['tenantId', 'usernameKey'] },
    { name: 'user_email_unique', properties: ['tenantId', 'emailKey'] },
    { name: 'user_student_unique', properties: ['tenantId', 'studentId'] },
  ],
  indexes: [{ name: 'user_tenant_role_index', properties: ['tenantId', 'role'] }],
});
