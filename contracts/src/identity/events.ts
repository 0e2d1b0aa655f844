import { z } from 'zod';
import { Id, IsoDate, Role, TenantId } from '../values';

export const TenantSettings = z.object({
  institutionName: z.string().max(200).default(''),
  locale: z.string().default('fr-FR'),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export const TenantCreatedV1 = z.object({
  tenantId: TenantId,
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  settings: TenantSettings,
});
export type TenantCreatedV1 = z.infer<typeof TenantCreatedV1>;

export const TenantUpdatedV1 = TenantCreatedV1.extend({ active: z.boolean() });
export type TenantUpdatedV1 = z.infer<typeof TenantUpdatedV1>;

/** A user account as other services need it: never an email, never a credential. */
export const UserCreatedV1 = z.object({
  userId: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  active: z.boolean(),
  /** For student accounts: the roster student this account is. */
  studentId: Id.nullable(),
});
export type UserCreatedV1 = z.infer<typeof UserCreatedV1>;

export const UserUpdatedV1 = UserCreatedV1;
export type UserUpdatedV1 = z.infer<typeof UserUpdatedV1>;

export const UserDeactivatedV1 = z.object({ userId: Id });
export type UserDeactivatedV1 = z.infer<typeof UserDeactivatedV1>;

/** A roster student, with what the OCR matcher and the exports need. */
export const StudentUpsertedV1 = z.object({
  studentId: Id,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDate.nullable(),
  className: z.string(),
  group: z.string().nullable(),
  externalId: z.string().nullable(),
});
export type StudentUpsertedV1 = z.infer<typeof StudentUpsertedV1>;

export const StudentRemovedV1 = z.object({ studentId: Id });
export type StudentRemovedV1 = z.infer<typeof StudentRemovedV1>;

export const RosterImportedV1 = z.object({
  importId: Id,
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  classNames: z.array(z.string()),
});
export type RosterImportedV1 = z.infer<typeof RosterImportedV1>;

export const identityEvents = {
  'identity.tenant.created.v1': TenantCreatedV1,
  'identity.tenant.updated.v1': TenantUpdatedV1,
  'identity.user.created.v1': UserCreatedV1,
  'identity.user.updated.v1': UserUpdatedV1,
  'identity.user.deactivated.v1': UserDeactivatedV1,
  'identity.student.upserted.v1': StudentUpsertedV1,
  'identity.student.removed.v1': StudentRemovedV1,
  'identity.roster.imported.v1': RosterImportedV1,
} as const;
