import { PLATFORM_TENANT_ID } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { type AuditLog } from '@gradeline/runtime';
import { type PasswordHasher } from '../auth/password-hasher';
import { randomPassword } from '../shared/secrets';
import { UserRecord } from './user.entity';
import { newAccount } from './user.service';

export interface CreatedAdmin {
  username: string;
  /** Shown once to whoever ran the command; only its argon2id hash is stored. */
  password: string;
}

/**
 * A platform admin with a random one-time password (a change is forced at first sign-in).
 * With `ifNone`, nothing happens when one exists already (null).
 */
export async function createPlatformAdmin(
  em: EntityManager,
  deps: { hasher: PasswordHasher; audit: AuditLog; now: Date },
  options: { username: string; ifNone: boolean },
): Promise<CreatedAdmin | null> {
  if (options.ifNone && (await em.count(UserRecord, { tenantId: PLATFORM_TENANT_ID, role: 'platform_admin' })) > 0) return null;
  const password = randomPassword();
  const passwordHash = await deps.hasher.hash(password);
  return em.transactional(async (tx) => {
    const taken = await tx.count(UserRecord, { tenantId: PLATFORM_TENANT_ID, usernameKey: options.username.toLowerCase() });
    if (taken > 0) throw new Error(`a platform admin named ${options.username} exists already`);
    const user = newAccount({ tenantId: PLATFORM_TENANT_ID, username: options.username, displayName: 'Platform admin', email: null, role: 'platform_admin' }, deps.now);
    Object.assign(user, { passwordHash, mustChangePassword: true, passwordChangedAt: deps.now });
    tx.persist(user);
    deps.audit.record(tx, { tenantId: PLATFORM_TENANT_ID, actor: { kind: 'system', name: 'create-admin' }, action: 'user.created', subjectType: 'user', subjectId: user.id, details: { role: 'platform_admin' } });
    return { username: user.username, password };
  });
}

/** `[--if-none] [--username <name>]` (default username `admin`). */
export function parseAdminArguments(argv: string[]): { ifNone: boolean; username: string } {
  const at = argv.indexOf('--username');
  const username = at >= 0 ? argv[at + 1] : 'admin';
  if (!username || !/^[A-Za-z0-9._-]{2,64}$/.test(username)) throw new Error('--username needs 2-64 letters, digits, dots, dashes or underscores');
  return { ifNone: argv.includes('--if-none'), username };
}
