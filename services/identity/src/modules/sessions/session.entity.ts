import { EntitySchema } from '@mikro-orm/core';

/** One sign-in: the family of refresh tokens that descend from it, revoked as a whole. */
export class SessionRecord {
  id!: string;
  tenantId!: string;
  userId!: string;
  createdAt: Date = new Date();
  lastUsedAt: Date = new Date();
  /** Absolute end, however often the session is refreshed. */
  expiresAt!: Date;
  revokedAt: Date | null = null;
  /** `sign_out`, `password_changed`, `password_set`, `deactivated`, `refresh_reused`. */
  revokedReason: string | null = null;
}

/** A refresh token, stored as its SHA-256: the token itself is only ever in the client's hands. */
export class RefreshTokenRecord {
  id!: string;
  sessionId!: string;
  tokenHash!: string;
  createdAt: Date = new Date();
  expiresAt!: Date;
  /** Set when it was exchanged for the next one; presenting it again revokes the session. */
  usedAt: Date | null = null;
}

export const sessionEntity = new EntitySchema<SessionRecord>({
  class: SessionRecord,
  tableName: 'session',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    userId: { type: 'uuid', index: 'session_user_index' },
    createdAt: { type: 'datetime' },
    lastUsedAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
    revokedReason: { type: 'text', nullable: true },
  },
});

export const refreshTokenEntity = new EntitySchema<RefreshTokenRecord>({
  class: RefreshTokenRecord,
  tableName: 'refresh_token',
  properties: {
    id: { type: 'uuid', primary: true },
    sessionId: { type: 'uuid', index: 'refresh_token_session_index' },
    tokenHash: { type: 'text', unique: 'refresh_token_hash_unique' },
    createdAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
  },
});
