import { EntitySchema } from '@mikro-orm/core';

export type LinkPurpose = 'invitation' | 'reset';

/** A single-use set-password link (invitation or reset), stored as the SHA-256 of its token. */
export class PasswordLinkRecord {
  id!: string;
  tenantId!: string;
  userId!: string;
  purpose!: LinkPurpose;
  delivery!: 'email' | 'link';
  tokenHash!: string;
  createdAt: Date = new Date();
  expiresAt!: Date;
  usedAt: Date | null = null;
  /** A newer link for the same person replaces this one. */
  revokedAt: Date | null = null;
}

export const passwordLinkEntity = new EntitySchema<PasswordLinkRecord>({
  class: PasswordLinkRecord,
  tableName: 'password_link',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    userId: { type: 'uuid', index: 'password_link_user_index' },
    purpose: { type: 'text' },
    delivery: { type: 'text' },
    tokenHash: { type: 'text', unique: 'password_link_hash_unique' },
    createdAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
    revokedAt: { type: 'datetime', nullable: true },
  },
});
