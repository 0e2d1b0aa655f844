import { randomUUID } from 'node:crypto';
import { type Principal } from '@gradeline/auth';
import { type CreateUser, type LinkDelivery, type LinkIssued, type UpdateUser, type User, type UserCreated, type UserPage, type UserQuery } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { AppError } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { type Identity } from '../../identity';
import { type PreparedLink } from '../links/password-link.service';
import { PasswordLinkRecord } from '../links/password-link.entity';
import { TenantRecord } from '../tenants/tenant.entity';
import { assertVersion } from '../shared/versioning';
import { mapUniqueViolations, USER_UNIQUES } from '../shared/unique';
import { UserRecord } from './user.entity';
import { userEventData, userView } from './user.view';

export interface NewAccount {
  tenantId: string;
  username: string;
  displayName: string;
  email: string | null;
  role: UserRecord['role'];
  studentId?: string | null;
}

/** A new account, not yet persisted: no password until its person follows their link. */
export function newAccount(input: NewAccount, now: Date): UserRecord {
  return Object.assign(new UserRecord(), {
    id: randomUUID(),
    tenantId: input.tenantId,
    username: input.username,
    usernameKey: input.username.toLowerCase(),
    email: input.email,
    emailKey: input.email?.toLowerCase() ?? null,
    displayName: input.displayName,
    role: input.role,
    studentId: input.studentId ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

/** A school's staff accounts: created, edited, deactivated and reset by its admins. */
export class UserService {
  constructor(private readonly identity: Identity) {}

  async list(em: EntityManager, principal: Principal, query: UserQuery): Promise<UserPage> {
    const [rows, total] = await this.identity.users.search(em, principal.tenantId, query);
    return { items: rows.map(userView), total };
  }

  async get(em: EntityManager, principal: Principal, id: string): Promise<User> {
    return userView(await this.identity.users.get(em, principal.tenantId, id));
  }

  async create(em: EntityManager, request: FastifyRequest, body: CreateUser): Promise<UserCreated> {
    const caller = this.identity.caller(request);
    const now = this.identity.deps.clock.now();
    await this.assertFree(em, caller.tenantId, body.username, body.email ?? null);
    const user = newAccount({ tenantId: caller.tenantId, username: body.username, displayName: body.displayName, email: body.email ?? null, role: body.role }, now);
    const delivery = body.delivery ?? (body.email ? 'email' : 'link');
    const link = await mapUniqueViolations(
      () =>
        em.transactional(async (tx) => {
          tx.persist(user);
          const prepared = await this.identity.links.prepare(tx, user, 'invitation', delivery, now);
          this.publish(tx, request, 'identity.user.created.v1', user);
          this.identity.deps.audit.record(tx, { ...caller, action: 'user.created', subjectType: 'user', subjectId: user.id, details: { role: user.role, delivery } });
          return prepared;
        }),
      USER_UNIQUES,
    );
    return { user: userView(user), invitation: await this.deliver(em, link, user) };
  }

  async update(em: EntityManager, request: FastifyRequest, id: string, expected: number, patch: UpdateUser): Promise<User> {
    const caller = this.identity.caller(request);
    const user = await this.identity.users.get(em, caller.tenantId, id);
    assertVersion(user.version, expected, () => userView(user));
    if (patch.role && user.role === 'student') throw new AppError('invalid_state', 'a student account keeps the student role');
    if (patch.role && patch.role !== 'admin' && user.id === requestUserId(caller)) throw new AppError('invalid_state', 'you cannot remove your own admin role');
    await this.assertFree(em, caller.tenantId, patch.username ?? null, patch.email ?? null, user.id);
    if (patch.username !== undefined) Object.assign(user, { username: patch.username, usernameKey: patch.username.toLowerCase() });
    if (patch.email !== undefined) Object.assign(user, { email: patch.email, emailKey: patch.email?.toLowerCase() ?? null });
    if (patch.displayName !== undefined) user.displayName = patch.displayName;
    if (patch.role !== undefined) user.role = patch.role;
    await mapUniqueViolations(
      () =>
        em.transactional(async (tx) => {
          this.publish(tx, request, 'identity.user.updated.v1', user);
          this.identity.deps.audit.record(tx, { ...caller, action: 'user.updated', subjectType: 'user', subjectId: user.id, details: { fields: Object.keys(patch) } });
        }),
      USER_UNIQUES,
    );
    return userView(user);
  }

  /** Deactivation ends every session at once (access tokens die within their short lifetime). */
  async setActive(em: EntityManager, request: FastifyRequest, id: string, active: boolean): Promise<User> {
    const caller = this.identity.caller(request);
    const user = await this.identity.users.get(em, caller.tenantId, id);
    if (!active && user.id === requestUserId(caller)) throw new AppError('invalid_state', 'you cannot deactivate your own account');
    if (user.active === active) return userView(user);
    await em.transactional(async (tx) => {
      const revoked = active ? 0 : await this.deactivate(tx, user, this.identity.deps.clock.now());
      user.active = active;
      this.publish(tx, request, 'identity.user.updated.v1', user);
      if (!active) this.publish(tx, request, 'identity.user.deactivated.v1', user);
      const action = active ? 'user.reactivated' : 'user.deactivated';
      this.identity.deps.audit.record(tx, { ...caller, action, subjectType: 'user', subjectId: user.id, details: { sessionsRevoked: revoked } });
    });
    return userView(user);
  }

  /** A new set-password link (the old ones stop working): mailed, or shown once to the admin. */
  async resetPassword(em: EntityManager, request: FastifyRequest, id: string, delivery: LinkDelivery): Promise<LinkIssued> {
    const caller = this.identity.caller(request);
    const user = await this.identity.users.get(em, caller.tenantId, id);
    if (!user.active) throw new AppError('invalid_state', 'reactivate the account first');
    const purpose = user.passwordChangedAt ? 'reset' : 'invitation';
    const link = await em.transactional(async (tx) => {
      const prepared = await this.identity.links.prepare(tx, user, purpose, delivery, this.identity.deps.clock.now());
      this.identity.deps.audit.record(tx, { ...caller, action: 'user.password_reset', subjectType: 'user', subjectId: user.id, details: { delivery, purpose } });
      return prepared;
    });
    return this.deliver(em, link, user);
  }

  /** Marks inactive, ends sessions, voids open links; the caller publishes and audits. */
  async deactivate(em: EntityManager, user: UserRecord, now: Date): Promise<number> {
    user.active = false;
    await em.nativeUpdate(PasswordLinkRecord, { userId: user.id, usedAt: null, revokedAt: null }, { revokedAt: now });
    return this.identity.sessions.revokeAll(em, user.id, 'deactivated', now);
  }

  async deliver(em: EntityManager, link: PreparedLink, user: UserRecord): Promise<LinkIssued> {
    const tenant = await em.findOne(TenantRecord, { id: user.tenantId });
    return this.identity.links.deliver(link, user, tenant?.settings.institutionName || tenant?.name || null);
  }

  publish(em: EntityManager, request: FastifyRequest, type: 'identity.user.created.v1' | 'identity.user.updated.v1' | 'identity.user.deactivated.v1', user: UserRecord): void {
    const envelope = { tenantId: user.tenantId, correlationId: request.id, actor: this.identity.caller(request).actor };
    const { outbox } = this.identity.deps;
    if (type === 'identity.user.deactivated.v1') outbox.record(em, { ...envelope, type, data: { userId: user.id } });
    else outbox.record(em, { ...envelope, type, data: userEventData(user) });
  }

  async assertFree(em: EntityManager, tenantId: string, username: string | null, email: string | null, exceptId?: string): Promise<void> {
    const { users } = this.identity;
    if (username && (await users.usernameTaken(em, tenantId, username, exceptId))) throw new AppError('username_taken', 'this username is already used in this school');
    if (email && (await users.emailTaken(em, tenantId, email, exceptId))) throw new AppError('email_taken', 'this email address is already used in this school');
  }
}

function requestUserId(caller: { actor: { kind: string; userId?: string } }): string | undefined {
  return caller.actor.kind === 'user' ? caller.actor.userId : undefined;
}
