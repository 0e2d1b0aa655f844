import { envDuration, envInt, envUrl } from '@gradeline/kit';
import { RuntimeConfig } from '@gradeline/runtime';
import { z } from 'zod';

/** A JSON array of private JWKs (`kid` on each): the first signs, all are published. */
const PrivateKeyList = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of private JWKs' });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.looseObject({ kid: z.string().min(1), d: z.string().min(1) }), { error: 'must be a JSON array of private JWKs with kid' }).min(1));

/**
 * identity's environment: the platform's variables plus keys, token lifetimes, links, mail and
 * sign-in throttling (services/identity/README.md lists them with their defaults).
 */
export const Config = RuntimeConfig.extend({
  JWT_PRIVATE_KEYS: PrivateKeyList.optional(),
  /** Where a development key is generated and kept when JWT_PRIVATE_KEYS is unset. */
  JWT_KEYS_DIR: z.string().trim().min(1).optional(),
  ACCESS_TOKEN_TTL: envDuration().default(15 * 60_000),
  /** A refresh token unused for this long expires (each refresh issues a new one). */
  REFRESH_TOKEN_TTL: envDuration().default(7 * 24 * 3_600_000),
  /** A session ends this long after sign-in, however often it is refreshed. */
  SESSION_MAX_AGE: envDuration().default(30 * 24 * 3_600_000),
  RESET_LINK_TTL: envDuration().default(3_600_000),
  INVITATION_LINK_TTL: envDuration().default(7 * 24 * 3_600_000),
  /** Links shown once to an admin (schools without email) live this long. */
  SHOWN_LINK_TTL: envDuration().default(24 * 3_600_000),
  SMTP_URL: envUrl(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Gradeline <no-reply@gradeline.invalid>'),
  MAIL_DIR: z.string().trim().min(1).default('.data/mail'),
  LOGIN_LOCK_AFTER: envInt({ min: 1, max: 100 }).default(5),
  LOGIN_LOCK_BASE: envDuration().default(60_000),
  LOGIN_LOCK_MAX: envDuration().default(30 * 60_000),
  LOGIN_IP_MAX_FAILURES: envInt({ min: 1 }).default(50),
  LOGIN_IP_WINDOW: envDuration().default(15 * 60_000),
});
export type Config = z.infer<typeof Config>;
