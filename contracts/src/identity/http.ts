import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Pagination, Role, TenantId } from '../values';
import { TenantSettings } from './events';

// Request and response bodies of the identity service (routes without the /api/v1 prefix).

const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const DisplayName = z.string().trim().min(1).max(200);
const Email = z.email().max(254);
/** Passwords are checked against the policy by the service; this only bounds the input. */
const Password = z.string().min(1).max(256);

// ─── sign-in and sessions ────────────────────────────────────────────────────────────────────

export const SignInRequest = z.object({
  /** The school's code; omitted by platform admins. */
  tenant: z.string().trim().min(1).max(64).optional(),
  /** Username or email. */
  login: z.string().trim().min(1).max(254),
  password: Password,
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  tokenType: z.literal('Bearer'),
  /** True: the access token only allows changing the password (POST /auth/password). */
  mustChangePassword: z.boolean(),
});
export type TokenPair = z.infer<typeof TokenPair>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = z.object({ refreshToken: z.string().min(1).max(200).optional() });
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const ChangePasswordRequest = z.object({ currentPassword: Password, newPassword: Password });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SetPasswordRequest = z.object({ token: z.string().min(1).max(200), password: Password });
export type SetPasswordRequest = z.infer<typeof SetPasswordRequest>;

export const ForgotPasswordRequest = z.object({
  tenant: z.string().trim().min(1).max(64).optional(),
  login: z.string().trim().min(1).max(254),
});
export type ForgotPasswordRequest = z.infer<typeof ForgotPasswordRequest>;

// ─── set-password links ──────────────────────────────────────────────────────────────────────

/** How a set-password link reaches its person: by email, or shown once to the admin who asked. */
export const LinkDelivery = z.enum(['email', 'link']);
export type LinkDelivery = z.infer<typeof LinkDelivery>;

export const LinkDeliveryRequest = z.object({ delivery: LinkDelivery });
export type LinkDeliveryRequest = z.infer<typeof LinkDeliveryRequest>;

/** What the admin learns about a link: `url` only for delivery 'link', shown this once. */
export const LinkIssued = z.object({
  delivery: LinkDelivery,
  expiresAt: IsoDateTime,
  url: z.string().optional(),
});
export type LinkIssued = z.infer<typeof LinkIssued>;

// ─── users ───────────────────────────────────────────────────────────────────────────────────

export const User = z.object({
  id: Id,
  tenantId: TenantId,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: Role,
  active: z.boolean(),
  studentId: Id.nullable(),
  mustChangePassword: z.boolean(),
  /** False until the person has set a password through their link. */
  hasPassword: z.boolean(),
  lastSignInAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  version: z.number().int(),
});
export type User = z.infer<typeof User>;

/** Staff accounts only: student accounts come from the roster (POST /students/:id/invite). */
export const StaffRole = z.enum(['admin', 'teacher']);
export type StaffRole = z.infer<typeof StaffRole>;

export const CreateUser = z.object({
  username: Username,
  displayName: DisplayName,
  email: Email.optional(),
  role: StaffRole,
  /** Default: 'email' when an email is given, else 'link'. */
  delivery: LinkDelivery.optional(),
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z
  .object({ username: Username, displayName: DisplayName, email: Email.nullable(), role: StaffRole })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });
export type UpdateUser = z.infer<typeof UpdateUser>;

export const UserCreated = z.object({ user: User, invitation: LinkIssued });
export type UserCreated = z.infer<typeof UserCreated>;

const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const UserQuery = Pagination.extend({
  search: z.string().trim().max(100).optional(),
  role: Role.optional(),
  active: BooleanQuery.optional(),
});
export type UserQuery = z.infer<typeof UserQuery>;

export const UserPage = z.object({ items: z.array(User), total: z.number().int() });
export type UserPage = z.infer<typeof UserPage>;

export const CurrentUser = User.extend({
  tenant: z.object({ id: TenantId, code: z.string(), name: z.string(), timeZone: z.string(), settings: TenantSettings }).nullable(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

// ─── roster ──────────────────────────────────────────────────────────────────────────────────

const Name = z.string().trim().min(1).max(100);

export const RosterStudent = z.object({
  id: Id,
  tenantId: TenantId,
  lastName: z.string(),
  firstName: z.string(),
  birthDate: IsoDate.nullable(),
  email: z.string().nullable(),
  className: z.string(),
  group: z.string().nullable(),
  externalId: z.string().nullable(),
  /** The student's account, once invited. */
  userId: Id.nullable(),
  version: z.number().int(),
});
export type RosterStudent = z.infer<typeof RosterStudent>;

export const CreateRosterStudent = z.object({
  lastName: Name,
  firstName: Name,
  birthDate: IsoDate.nullable().optional(),
  email: Email.nullable().optional(),
  className: z.string().trim().min(1).max(50),
  group: z.string().trim().max(50).nullable().optional(),
  externalId: z.string().trim().max(50).nullable().optional(),
});
export type CreateRosterStudent = z.infer<typeof CreateRosterStudent>;

export const UpdateRosterStudent = CreateRosterStudent.partial().refine((patch) => Object.keys(patch).length > 0, {
  message: 'nothing to change',
});
export type UpdateRosterStudent = z.infer<typeof UpdateRosterStudent>;

export const RosterStudentQuery = Pagination.extend({
  className: z.string().trim().max(50).optional(),
  /** Matches last or first name, ignoring case and accents. */
  search: z.string().trim().max(100).optional(),
});
export type RosterStudentQuery = z.infer<typeof RosterStudentQuery>;

export const RosterStudentPage = z.object({ items: z.array(RosterStudent), total: z.number().int() });
export type RosterStudentPage = z.infer<typeof RosterStudentPage>;

export const RosterStudentInvited = z.object({ userId: Id, username: z.string(), invitation: LinkIssued });
export type RosterStudentInvited = z.infer<typeof RosterStudentInvited>;

export const RosterImportQuery = z.object({ dryRun: BooleanQuery.default(true) });
export type RosterImportQuery = z.infer<typeof RosterImportQuery>;

/** One row of an import as it would be (dry run) or was applied. */
export const RosterImportRow = z.object({
  line: z.number().int(),
  lastName: z.string(),
  firstName: z.string(),
  className: z.string(),
  studentId: Id.optional(),
});
export type RosterImportRow = z.infer<typeof RosterImportRow>;

export const RosterImportRefusal = z.object({ line: z.number().int(), reason: z.string() });
export type RosterImportRefusal = z.infer<typeof RosterImportRefusal>;

export const RosterImportReport = z.object({
  dryRun: z.boolean(),
  /** `pronote` (Élèves, Né(e) le, …) or `simple` (last_name, first_name, …). */
  format: z.enum(['pronote', 'simple']),
  encoding: z.enum(['utf-8', 'windows-1252']),
  delimiter: z.enum([',', ';']),
  importId: Id.nullable(),
  created: z.array(RosterImportRow),
  updated: z.array(RosterImportRow),
  unchanged: z.number().int(),
  refused: z.array(RosterImportRefusal),
});
export type RosterImportReport = z.infer<typeof RosterImportReport>;

// ─── tenants ─────────────────────────────────────────────────────────────────────────────────

const TenantCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, '3-40 lower-case letters, digits and dashes');
const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as Europe/Paris' },
);

export const Tenant = z.object({
  id: TenantId,
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  settings: TenantSettings,
  active: z.boolean(),
  createdAt: IsoDateTime,
  version: z.number().int(),
});
export type Tenant = z.infer<typeof Tenant>;

export const FirstAdmin = z.object({
  username: Username,
  displayName: DisplayName,
  email: Email.optional(),
});
export type FirstAdmin = z.infer<typeof FirstAdmin>;

export const CreateTenant = z.object({
  code: TenantCode,
  name: z.string().trim().min(1).max(200),
  timeZone: TimeZone.default('Europe/Paris'),
  settings: TenantSettings.partial().optional(),
  admin: FirstAdmin,
});
export type CreateTenant = z.infer<typeof CreateTenant>;

export const UpdateTenant = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone: TimeZone,
    settings: TenantSettings.partial(),
    active: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });
export type UpdateTenant = z.infer<typeof UpdateTenant>;

export const TenantCreated = z.object({ tenant: Tenant, admin: User, invitation: LinkIssued });
export type TenantCreated = z.infer<typeof TenantCreated>;

export const TenantQuery = Pagination.extend({ search: z.string().trim().max(100).optional() });
export type TenantQuery = z.infer<typeof TenantQuery>;

export const TenantPage = z.object({ items: z.array(Tenant), total: z.number().int() });
export type TenantPage = z.infer<typeof TenantPage>;
