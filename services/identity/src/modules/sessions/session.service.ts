import { randomUUID } from 'node:crypto';
import { type TokenPair } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { LockMode } from '@mikro-orm/core';
import { newToken, tokenHash } from '../shared/secrets';
import { type UserRecord } from '../users/user.entity';
import { type AccessTokenSigner } from './access-token';
import { RefreshTokenRecord, SessionRecord } from './session.entity';

export interface SessionSettings {
  refreshTtlMs: number;
  maxAgeMs: number;
}

export type RevokeReason = 'sign_out' | 'password_changed' | 'password_set' | 'deactivated' | 'refresh_reused' | 'student_removed';

export type RotateResult =
  | { outcome: 'rotated'; session: SessionRecord; refreshToken: string }
  | { outcome: 'reused'; session: SessionRecord }
  | { outcome: 'invalid' };

/**
 * Sessions and their rotating refresh tokens. Each refresh consumes its token and issues the next;
 * a consumed token presented again means it was stolen (or copied): the whole session ends.
 */
export class Sessions {
  constructor(
    private readonly settings: SessionSettings,
    private readonly signer: AccessTokenSigner,
  ) {}

  start(em: EntityManager, user: UserRecord, now: Date): { session: SessionRecord; refreshToken: string } {
    const session = Object.assign(new SessionRecord(), {
      id: randomUUID(),
      tenantId: user.tenantId,
      userId: user.id,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.settings.maxAgeMs),
    });
    em.persist(session);
    return { session, refreshToken: this.issueRefresh(em, session, now) };
  }

  /** Exchanges a refresh token for the next one (the row is locked: two racing refreshes cannot both win). */
  async rotate(em: EntityManager, refreshToken: string, now: Date): Promise<RotateResult> {
    const token = await em.findOne(RefreshTokenRecord, { tokenHash: tokenHash(refreshToken) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!token) return { outcome: 'invalid' };
    const session = await em.findOne(SessionRecord, { id: token.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!session || session.revokedAt) return { outcome: 'invalid' };
    if (token.usedAt) {
      await this.revoke(em, session, 'refresh_reused', now);
      return { outcome: 'reused', session };
    }
    if (token.expiresAt <= now || session.expiresAt <= now) return { outcome: 'invalid' };
    token.usedAt = now;
    session.lastUsedAt = now;
    return { outcome: 'rotated', session, refreshToken: this.issueRefresh(em, session, now) };
  }

  /** The session a refresh token belongs to, if any (sign-out). */
  async sessionOf(em: EntityManager, refreshToken: string): Promise<SessionRecord | null> {
    const token = await em.findOne(RefreshTokenRecord, { tokenHash: tokenHash(refreshToken) });
    return token ? em.findOne(SessionRecord, { id: token.sessionId }) : null;
  }

  async revoke(em: EntityManager, session: SessionRecord, reason: RevokeReason, now: Date): Promise<void> {
    if (session.revokedAt) return;
    session.revokedAt = now;
    session.revokedReason = reason;
    await em.nativeUpdate(RefreshTokenRecord, { sessionId: session.id, usedAt: null }, { usedAt: now });
  }

  /** Ends every session of a person at once (deactivation, password change), except `keep`. */
  async revokeAll(em: EntityManager, userId: string, reason: RevokeReason, now: Date, keep?: string): Promise<number> {
    const where = { userId, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) };
    const sessions = await em.find(SessionRecord, where);
    for (const session of sessions) await this.revoke(em, session, reason, now);
    return sessions.length;
  }

  /** The answer of a sign-in or refresh: a fresh access token for the session, and its refresh token. */
  async tokens(user: UserRecord, session: SessionRecord, refreshToken: string, now: Date): Promise<TokenPair> {
    const accessToken = await this.signer.sign(
      {
        userId: user.id,
        tenantId: user.tenantId,
        role: user.role,
        sessionId: session.id,
        scope: user.mustChangePassword ? 'password_change' : 'full',
        studentId: user.studentId,
      },
      now,
    );
    return { accessToken, refreshToken, expiresIn: this.signer.expiresIn, tokenType: 'Bearer', mustChangePassword: user.mustChangePassword };
  }

  private issueRefresh(em: EntityManager, session: SessionRecord, now: Date): string {
    const token = newToken();
    const expiresAt = new Date(Math.min(now.getTime() + this.settings.refreshTtlMs, session.expiresAt.getTime()));
    em.persist(Object.assign(new RefreshTokenRecord(), { id: randomUUID(), sessionId: session.id, tokenHash: tokenHash(token), createdAt: now, expiresAt }));
    return token;
  }
}
