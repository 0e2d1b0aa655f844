import { type Principal } from '@gradeline/auth';
import { PLATFORM_TENANT_ID, type Actor, type SignInRequest, type TokenPair } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type Identity } from '../../identity';
import { SessionRecord } from '../sessions/session.entity';
import { originAudit, ANONYMOUS, type RequestOrigin } from '../shared/audit-context';
import { TenantRecord } from '../tenants/tenant.entity';
import { type UserRecord } from '../users/user.entity';

/** Who a sign-in names: the school (null when its code is unknown) and the account, if any. */
interface Claimant {
  tenant: TenantRecord | null;
  tenantId: string;
  user: UserRecord | null;
  throttleKey: string;
}

const INVALID = 'the school, login or password is wrong';

export function userActor(user: UserRecord): Actor {
  return { kind: 'user', userId: user.id, role: user.role };
}

/**
 * Sign-in, refresh and sign-out. Unknown schools, unknown people, wrong passwords and disabled
 * accounts all get the same answer after the same argon2 work, and all count towards the same
 * locks, so neither the answer nor its timing tells whether an account exists.
 */
export class SignInService {
  constructor(private readonly identity: Identity) {}

  async claimant(em: EntityManager, tenantCode: string | undefined, login: string): Promise<Claimant> {
    const code = tenantCode?.trim().toLowerCase();
    const tenant = code ? await em.findOne(TenantRecord, { code }) : null;
    const tenantId = code ? (tenant?.id ?? null) : PLATFORM_TENANT_ID;
    const user = tenantId ? await this.identity.users.findByLogin(em, tenantId, login) : null;
    const throttleKey = user ? `user:${user.id}` : `login:${code ?? '-'}:${login.trim().toLowerCase()}`;
    return { tenant, tenantId: tenantId ?? PLATFORM_TENANT_ID, user, throttleKey };
  }

  async signIn(em: EntityManager, input: SignInRequest, origin: RequestOrigin): Promise<TokenPair> {
    const { clock, audit } = this.identity.deps;
    const { throttling, hasher } = this.identity;
    const now = clock.now();
    const addressWait = await throttling.addressWait(em, origin.ip, now);
    if (addressWait) throw new AppError('rate_limited', 'too many failed sign-ins from this address: try again later', { retryAfterSeconds: addressWait });
    const who = await this.claimant(em, input.tenant, input.login);
    const failure = (into: EntityManager, reason: string) =>
      audit.record(into, {
        ...originAudit(origin, who.tenant?.id ?? who.tenantId, who.user ? userActor(who.user) : ANONYMOUS),
        action: 'auth.sign_in_failed',
        subjectType: 'user',
        subjectId: who.user?.id ?? null,
        outcome: 'failure',
        details: { reason },
      });
    const locked = await throttling.accountWait(em, who.throttleKey, now);
    if (locked) {
      failure(em, 'locked');
      await em.flush();
      throw new AppError('account_locked', 'too many failed sign-ins: try again later', { retryAfterSeconds: locked });
    }
    const { user } = who;
    const passwordOk = user?.passwordHash ? await hasher.verify(user.passwordHash, input.password) : await hasher.verifyNobody(input.password);
    if (!user || !passwordOk || !this.mayEnter(user, who.tenant)) {
      await em.transactional(async (tx) => {
        await throttling.recordFailure(tx, who.throttleKey, origin.ip, now);
        failure(tx, user && passwordOk ? 'inactive' : 'invalid_credentials');
      });
      throw new AppError('invalid_credentials', INVALID);
    }
    return this.open(em, user, who.throttleKey, input.password, origin, now);
  }

  /** A session for a person whose password was right: the throttle forgets them, the hash is upgraded if due. */
  private async open(em: EntityManager, user: UserRecord, throttleKey: string, password: string, origin: RequestOrigin, now: Date): Promise<TokenPair> {
    const { hasher, sessions, throttling, users } = this.identity;
    const rehash = hasher.needsRehash(user.passwordHash!) ? await hasher.hash(password) : undefined;
    const started = await em.transactional(async (tx) => {
      await throttling.clear(tx, throttleKey);
      // Not through the unit of work: two sign-ins of one person at once must not collide on the version.
      await users.recordCredentials(tx, user.id, { lastSignInAt: now, passwordHash: rehash });
      const session = sessions.start(tx, user, now);
      this.identity.deps.audit.record(tx, { ...originAudit(origin, user.tenantId, userActor(user)), action: 'auth.signed_in', subjectType: 'session', subjectId: session.session.id });
      return session;
    });
    return sessions.tokens(user, started.session, started.refreshToken, now);
  }

  async refresh(em: EntityManager, refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const { clock, audit } = this.identity.deps;
    const now = clock.now();
    const result = await em.transactional(async (tx) => {
      const rotated = await this.identity.sessions.rotate(tx, refreshToken, now);
      if (rotated.outcome === 'reused') {
        const { session } = rotated;
        audit.record(tx, {
          ...originAudit(origin, session.tenantId, ANONYMOUS),
          action: 'auth.refresh_reused',
          subjectType: 'session',
          subjectId: session.id,
          outcome: 'failure',
          details: { userId: session.userId },
        });
        return { outcome: 'reused' as const };
      }
      if (rotated.outcome === 'invalid') return rotated;
      const user = await this.identity.users.get(tx, rotated.session.tenantId, rotated.session.userId).catch(() => null);
      const tenant = user && user.tenantId !== PLATFORM_TENANT_ID ? await tx.findOne(TenantRecord, { id: user.tenantId }) : null;
      if (!user || !this.mayEnter(user, tenant)) {
        await this.identity.sessions.revoke(tx, rotated.session, 'deactivated', now);
        return { outcome: 'invalid' as const };
      }
      return { ...rotated, user };
    });
    switch (result.outcome) {
      case 'reused':
        throw new AppError('refresh_token_reused', 'this refresh token was already used: the session is closed, sign in again');
      case 'invalid':
        throw new AppError('refresh_token_invalid', 'the session has ended: sign in again');
      case 'rotated':
        return this.identity.sessions.tokens(result.user, result.session, result.refreshToken, now);
    }
  }

  /** Ends the caller's session (and the one the refresh token names, when it is the caller's). */
  async signOut(em: EntityManager, principal: Principal, refreshToken: string | undefined, origin: RequestOrigin): Promise<void> {
    const { clock, audit } = this.identity.deps;
    const now = clock.now();
    await em.transactional(async (tx) => {
      const { sessions } = this.identity;
      const named = refreshToken ? await sessions.sessionOf(tx, refreshToken) : null;
      const current = await tx.findOne(SessionRecord, { id: principal.sessionId, userId: principal.userId });
      for (const session of [current, named]) {
        if (session && session.userId === principal.userId) await sessions.revoke(tx, session, 'sign_out', now);
      }
      audit.record(tx, {
        ...originAudit(origin, principal.tenantId, { kind: 'user', userId: principal.userId, role: principal.role }),
        action: 'auth.signed_out',
        subjectType: 'session',
        subjectId: principal.sessionId,
      });
    });
  }

  /** Active account, in an active school, signing in where it belongs (platform admins without a school code). */
  private mayEnter(user: UserRecord, tenant: TenantRecord | null): boolean {
    if (!user.active) return false;
    if (user.tenantId === PLATFORM_TENANT_ID) return user.role === 'platform_admin';
    return tenant !== null && tenant.active && user.role !== 'platform_admin';
  }
}
