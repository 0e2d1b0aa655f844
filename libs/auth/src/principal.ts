import { Id, Role, TenantId } from '@gradeline/contracts';
import { z } from 'zod';

/** Who signs access tokens and for whom: checked on every token. */
export const ACCESS_TOKEN_ISSUER = 'gradeline-identity';
export const ACCESS_TOKEN_AUDIENCE = 'gradeline';
/** The only signature algorithms accepted (never HS*, never `none`). */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;

/** `password_change`: the user must change their password first; the token is good for nothing else. */
export const TokenScope = z.enum(['full', 'password_change']);
export type TokenScope = z.infer<typeof TokenScope>;

/** The claims of an access JWT as identity issues it (iss, aud and signature are checked by jose). */
export const AccessClaims = z
  .object({
    sub: Id,
    tid: TenantId,
    role: Role,
    sid: Id,
    scp: TokenScope,
    stu: Id.optional(),
    exp: z.number().int(),
    iat: z.number().int(),
  })
  .refine((claims) => claims.role !== 'student' || claims.stu !== undefined, {
    message: 'a student token names its student',
    path: ['stu'],
  });
export type AccessClaims = z.infer<typeof AccessClaims>;

/** The verified caller of a request. */
export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
  sessionId: string;
  scope: TokenScope;
  /** Set for student accounts: the roster entry the account belongs to. */
  studentId?: string;
}

export function principalFromClaims(claims: AccessClaims): Principal {
  const principal: Principal = {
    userId: claims.sub,
    tenantId: claims.tid,
    role: claims.role,
    sessionId: claims.sid,
    scope: claims.scp,
  };
  if (claims.stu !== undefined) principal.studentId = claims.stu;
  return principal;
}
