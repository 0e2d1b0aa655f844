import { requirePrincipal } from '@gradeline/auth';
import { type AuditInput, type ServiceDeps } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';
import { type Config } from './config';
import { Argon2Hasher, type PasswordHasher } from './modules/auth/password-hasher';
import { SignInThrottling } from './modules/auth/throttle.service';
import { PasswordLinks } from './modules/links/password-link.service';
import { createMailer, type Mailer } from './modules/mail/mailer';
import { AccessTokenSigner } from './modules/sessions/access-token';
import { Sessions } from './modules/sessions/session.service';
import { loadSigningKeys, type SigningKeys } from './modules/sessions/signing-keys';
import { type RequestOrigin } from './modules/shared/audit-context';
import { UserRepository } from './modules/users/user.repository';

/** What identity's modules share: the platform's deps plus credentials, sessions, links and mail. */
export interface Identity {
  deps: ServiceDeps<Config>;
  keys: SigningKeys;
  hasher: PasswordHasher;
  throttling: SignInThrottling;
  sessions: Sessions;
  links: PasswordLinks;
  mailer: Mailer;
  users: UserRepository;
  origin(request: FastifyRequest): RequestOrigin;
  /** Audit fields of a signed-in caller's request (its real address, not the gateway's). */
  caller(request: FastifyRequest): Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;
}

export interface IdentityOverrides {
  mailer?: Mailer;
  hasher?: PasswordHasher;
}

export async function buildIdentity(deps: ServiceDeps<Config>, overrides: IdentityOverrides = {}): Promise<Identity> {
  const { config } = deps;
  const keys = await loadSigningKeys(config);
  const mailer = overrides.mailer ?? createMailer(config);
  const origin = (request: FastifyRequest): RequestOrigin => ({
    // X-Forwarded-For is believed only from TRUSTED_PROXIES (the runtime's trustProxy), so a
    // client cannot pick the address it is throttled and audited as.
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
    requestId: request.id,
  });
  return {
    deps,
    keys,
    mailer,
    hasher: overrides.hasher ?? new Argon2Hasher(),
    throttling: new SignInThrottling({
      lockAfter: config.LOGIN_LOCK_AFTER,
      lockBaseMs: config.LOGIN_LOCK_BASE,
      lockMaxMs: config.LOGIN_LOCK_MAX,
      ipMaxFailures: config.LOGIN_IP_MAX_FAILURES,
      ipWindowMs: config.LOGIN_IP_WINDOW,
    }),
    sessions: new Sessions(
      { refreshTtlMs: config.REFRESH_TOKEN_TTL, maxAgeMs: config.SESSION_MAX_AGE },
      new AccessTokenSigner(keys, config.ACCESS_TOKEN_TTL),
    ),
    links: new PasswordLinks(
      { publicUrl: config.PUBLIC_URL, resetTtlMs: config.RESET_LINK_TTL, invitationTtlMs: config.INVITATION_LINK_TTL, shownTtlMs: config.SHOWN_LINK_TTL },
      mailer,
    ),
    users: new UserRepository(),
    origin,
    caller: (request) => {
      const { tenantId, userId, role } = requirePrincipal(request);
      const { ip, userAgent } = origin(request);
      return { tenantId, actor: { kind: 'user', userId, role }, ip, userAgent };
    },
  };
}
