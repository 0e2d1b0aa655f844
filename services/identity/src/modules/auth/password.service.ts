import { type Principal } from '@gradeline/auth';
import { type ChangePasswordRequest, type ForgotPasswordRequest, type SetPasswordRequest, type TokenPair } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type Identity } from '../../identity';
import { PasswordLinkRecord } from '../links/password-link.entity';
import { SessionRecord } from '../sessions/session.entity';
import { originAudit, ANONYMOUS, type RequestOrigin } from '../shared/audit-context';
import { UserRecord } from '../users/user.entity';
import { assertPasswordPolicy } from './password-policy';
import { type SignInService, userActor } from './sign-in.service';

/** Self-service resets a person may ask for per hour (each mails a link). */
const RESETS_PER_HOUR = 3;

/** Changing a password (signed in), setting one through a link, and asking for a reset link. */
export class PasswordService {
  constructor(
    private readonly identity: Identity,
    private readonly signIn: SignInService,
  ) {}

  /** Needs the current password; ends every other session; the caller's session gets fresh tokens. */
  async change(em: EntityManager, principal: Principal, body: ChangePasswordRequest, origin: RequestOrigin): Promise<TokenPair> {
    const { clock, audit } = this.identity.deps;
    const { hasher, throttling, sessions } = this.identity;
    const now = clock.now();
    const user = await this.identity.users.get(em, principal.tenantId, principal.userId);
    const key = `user:${user.id}`;
    const locked = await throttling.accountWait(em, key, now);
    if (locked) throw new AppError('account_locked', 'too many wrong passwords: try again later', { retryAfterSeconds: locked });
    if (!user.passwordHash || !(await hasher.verify(user.passwordHash, body.currentPassword))) {
      await em.transactional((tx) => throttling.recordFailure(tx, key, origin.ip, now));
      throw new AppError('validation_failed', 'the current password is wrong', { errors: [{ path: 'body.currentPassword', message: 'is not your current password' }] });
    }
    if (body.newPassword === body.currentPassword) {
      throw new AppError('password_policy', 'choose a password different from the current one', { errors: [{ path: 'body.newPassword', message: 'must differ from the current password' }] });
    }
    assertPasswordPolicy(body.newPassword, user, 'body.newPassword');
    const passwordHash = await hasher.hash(body.newPassword);
    const { session, refreshToken } = await em.transactional(async (tx) => {
      const current = await tx.findOne(SessionRecord, { id: principal.sessionId, userId: user.id, revokedAt: null });
      if (!current) throw new AppError('unauthenticated', 'this session has ended: sign in again');
      await this.setPassword(tx, user, passwordHash, now);
      const others = await sessions.revokeAll(tx, user.id, 'password_changed', now, current.id);
      await sessions.revoke(tx, current, 'password_changed', now);
      const next = sessions.start(tx, user, now);
      audit.record(tx, { ...originAudit(origin, user.tenantId, userActor(user)), action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, details: { sessionsRevoked: others } });
      return next;
    });
    return sessions.tokens(Object.assign(new UserRecord(), user, { mustChangePassword: false }), session, refreshToken, now);
  }

  /** Consumes an invitation or reset link. A refused password leaves the link usable. */
  async setWithLink(em: EntityManager, body: SetPasswordRequest, origin: RequestOrigin): Promise<void> {
    const { clock, audit } = this.identity.deps;
    const { hasher, sessions, throttling, links } = this.identity;
    const now = clock.now();
    await em.transactional(async (tx) => {
      const link = await links.consume(tx, body.token, now);
      const user = await this.identity.users.get(tx, link.tenantId, link.userId).catch(() => null);
      if (!user?.active) throw new AppError('link_invalid', 'this link is not valid any more: ask for a new one');
      assertPasswordPolicy(body.password, user, 'body.password');
      await this.setPassword(tx, user, await hasher.hash(body.password), now);
      const revoked = await sessions.revokeAll(tx, user.id, 'password_set', now);
      await throttling.clear(tx, `user:${user.id}`);
      audit.record(tx, {
        ...originAudit(origin, user.tenantId, userActor(user)),
        action: 'auth.password_set',
        subjectType: 'user',
        subjectId: user.id,
        details: { purpose: link.purpose, linkId: link.id, sessionsRevoked: revoked },
      });
    });
  }

  /** Mails a reset link when the account exists, is active and has an email; answers the same either way. */
  async forgot(em: EntityManager, body: ForgotPasswordRequest, origin: RequestOrigin): Promise<void> {
    const { clock, audit, logger } = this.identity.deps;
    const now = clock.now();
    const who = await this.signIn.claimant(em, body.tenant, body.login);
    const { user, tenant } = who;
    if (!user?.active || !user.email || (tenant && !tenant.active)) return;
    const since = new Date(now.getTime() - 3_600_000);
    if ((await em.count(PasswordLinkRecord, { userId: user.id, purpose: 'reset', createdAt: { $gt: since } })) >= RESETS_PER_HOUR) return;
    const link = await em.transactional(async (tx) => {
      const prepared = await this.identity.links.prepare(tx, user, 'reset', 'email', now);
      audit.record(tx, { ...originAudit(origin, user.tenantId, ANONYMOUS), action: 'auth.reset_requested', subjectType: 'user', subjectId: user.id, details: { delivery: 'email' } });
      return prepared;
    });
    // Not awaited: a mail server's latency would tell who has an account.
    this.identity.links.deliver(link, user, tenant?.settings.institutionName || tenant?.name || null).catch(() => {
      logger.warn({ userId: user.id, requestId: origin.requestId }, 'reset mail could not be sent');
    });
  }

  /** Credentials are not edits: the account's version (and admins' If-Match) stays. */
  private async setPassword(em: EntityManager, user: UserRecord, passwordHash: string, now: Date): Promise<void> {
    await this.identity.users.recordCredentials(em, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: now });
  }
}
