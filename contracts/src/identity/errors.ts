import { z } from 'zod';

/** Error codes of the identity service; add one here when a new expected failure appears. */
export const IdentityErrorCode = z.enum([
  'invalid_credentials',
  'account_locked',
  'password_policy',
  'password_change_required',
  'refresh_token_invalid',
  'refresh_token_reused',
  'link_invalid',
  'email_taken',
  'username_taken',
  'tenant_code_taken',
  'roster_import_invalid',
]);
export type IdentityErrorCode = z.infer<typeof IdentityErrorCode>;

export const identityErrorStatus: Record<IdentityErrorCode, number> = {
  invalid_credentials: 401,
  account_locked: 429,
  password_policy: 422,
  password_change_required: 403,
  refresh_token_invalid: 401,
  refresh_token_reused: 401,
  link_invalid: 410,
  email_taken: 409,
  username_taken: 409,
  tenant_code_taken: 409,
  roster_import_invalid: 422,
};
