import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type TokenScope } from '@gradeline/auth';
import { type Role } from '@gradeline/contracts';
import { SignJWT } from 'jose';
import { type SigningKeys } from './signing-keys';

export interface AccessSubject {
  userId: string;
  tenantId: string;
  role: Role;
  sessionId: string;
  scope: TokenScope;
  studentId?: string | null;
}

/** Signs access JWTs exactly as libs/auth verifies them (iss, aud, sub, tid, role, sid, scp, stu). */
export class AccessTokenSigner {
  constructor(
    private readonly keys: SigningKeys,
    private readonly ttlMs: number,
  ) {}

  get expiresIn(): number {
    return Math.floor(this.ttlMs / 1000);
  }

  async sign(subject: AccessSubject, now: Date): Promise<string> {
    const { current } = this.keys;
    const iat = Math.floor(now.getTime() / 1000);
    const claims: Record<string, unknown> = { tid: subject.tenantId, role: subject.role, sid: subject.sessionId, scp: subject.scope };
    if (subject.role === 'student' && subject.studentId) claims.stu = subject.studentId;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: current.alg, kid: current.kid, typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.expiresIn)
      .sign(current.privateKey);
  }
}
