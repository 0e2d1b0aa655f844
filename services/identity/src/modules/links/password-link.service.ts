import { randomUUID } from 'node:crypto';
import { type LinkDelivery, type LinkIssued } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { LockMode } from '@mikro-orm/core';
import { linkMail } from '../mail/link-mails';
import { type Mailer } from '../mail/mailer';
import { newToken, tokenHash } from '../shared/secrets';
import { type UserRecord } from '../users/user.entity';
import { PasswordLinkRecord, type LinkPurpose } from './password-link.entity';

export interface LinkSettings {
  publicUrl: string;
  resetTtlMs: number;
  invitationTtlMs: number;
  /** Links shown to an admin rather than mailed: short, whatever the purpose. */
  shownTtlMs: number;
}

/** A link made in a transaction, to be delivered once it committed. The token lives only here. */
export interface PreparedLink {
  purpose: LinkPurpose;
  delivery: LinkDelivery;
  url: string;
  expiresAt: Date;
}

/**
 * Single-use set-password links (invitations and resets). Only the token's hash is stored; the
 * token reaches its person by mail, or once in the answer to the admin who asked (delivery 'link').
 */
export class PasswordLinks {
  constructor(
    private readonly settings: LinkSettings,
    private readonly mailer: Mailer,
  ) {}

  /** Replaces any open link of the person by a new one. `email` needs an address on the account. */
  async prepare(em: EntityManager, user: UserRecord, purpose: LinkPurpose, delivery: LinkDelivery, now: Date): Promise<PreparedLink> {
    if (delivery === 'email' && !user.email) {
      throw new AppError('validation_failed', 'this person has no email address: use delivery "link"', {
        errors: [{ path: 'body.delivery', message: 'the account has no email address' }],
      });
    }
    await em.nativeUpdate(PasswordLinkRecord, { userId: user.id, usedAt: null, revokedAt: null }, { revokedAt: now });
    const ttl = delivery === 'link' ? this.settings.shownTtlMs : purpose === 'reset' ? this.settings.resetTtlMs : this.settings.invitationTtlMs;
    const token = newToken();
    const link = Object.assign(new PasswordLinkRecord(), {
      id: randomUUID(),
      tenantId: user.tenantId,
      userId: user.id,
      purpose,
      delivery,
      tokenHash: tokenHash(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl),
    });
    em.persist(link);
    const url = `${this.settings.publicUrl.replace(/\/+$/, '')}/set-password?token=${encodeURIComponent(token)}`;
    return { purpose, delivery, url, expiresAt: link.expiresAt };
  }

  /** After commit: mails the link, or hands it back for the one answer that may show it. */
  async deliver(link: PreparedLink, user: UserRecord, schoolName: string | null): Promise<LinkIssued> {
    const view: LinkIssued = { delivery: link.delivery, expiresAt: link.expiresAt.toISOString() };
    if (link.delivery === 'link') return { ...view, url: link.url };
    const { email, displayName, username } = user;
    try {
      await this.mailer.send(linkMail({ purpose: link.purpose, to: email!, displayName, username, schoolName, url: link.url, expiresAt: link.expiresAt }));
    } catch {
      throw new AppError('service_unavailable', 'the mail could not be sent', { retryAfterSeconds: 60 });
    }
    return view;
  }

  /** The open link a token names, locked and marked used; 410 `link_invalid` for anything else. */
  async consume(em: EntityManager, token: string, now: Date): Promise<PasswordLinkRecord> {
    const link = await em.findOne(PasswordLinkRecord, { tokenHash: tokenHash(token) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!link || link.usedAt || link.revokedAt || link.expiresAt <= now) {
      throw new AppError('link_invalid', 'this link is not valid any more: ask for a new one');
    }
    link.usedAt = now;
    return link;
  }
}
