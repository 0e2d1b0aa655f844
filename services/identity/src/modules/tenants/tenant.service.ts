import { randomUUID } from 'node:crypto';
import { TenantSettings, type CreateTenant, type Tenant, type TenantCreated, type TenantPage, type TenantQuery, type UpdateTenant } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { type Identity } from '../../identity';
import { SessionRecord } from '../sessions/session.entity';
import { likePattern } from '../shared/fold';
import { mapUniqueViolations } from '../shared/unique';
import { assertVersion } from '../shared/versioning';
import { newAccount, type UserService } from '../users/user.service';
import { userView } from '../users/user.view';
import { TenantRecord } from './tenant.entity';

export function tenantView(tenant: TenantRecord): Tenant {
  const { id, code, name, timeZone, settings, active, version } = tenant;
  return { id, code, name, timeZone, settings, active, version, createdAt: tenant.createdAt.toISOString() };
}

/** Schools, managed by platform admins. Audit entries go to the school concerned, so its admins see them. */
export class TenantService {
  constructor(
    private readonly identity: Identity,
    private readonly users: UserService,
  ) {}

  async list(em: EntityManager, query: TenantQuery): Promise<TenantPage> {
    const where: FilterQuery<TenantRecord> = query.search ? { $or: [{ code: { $ilike: likePattern(query.search) } }, { name: { $ilike: likePattern(query.search) } }] } : {};
    const [rows, total] = await em.findAndCount(TenantRecord, where, { orderBy: { code: 'asc' }, limit: query.limit, offset: query.offset });
    return { items: rows.map(tenantView), total };
  }

  async get(em: EntityManager, id: string): Promise<TenantRecord> {
    const tenant = await em.findOne(TenantRecord, { id });
    if (!tenant) throw notFound('tenant');
    return tenant;
  }

  /** The school and its first admin, who gets an invitation link (mailed, or shown here once). */
  async create(em: EntityManager, request: FastifyRequest, body: CreateTenant): Promise<TenantCreated> {
    const caller = this.identity.caller(request);
    const now = this.identity.deps.clock.now();
    if (await em.findOne(TenantRecord, { code: body.code })) throw new AppError('tenant_code_taken', 'a school already uses this code');
    const tenant = Object.assign(new TenantRecord(), {
      id: randomUUID(),
      code: body.code,
      name: body.name,
      timeZone: body.timeZone,
      settings: TenantSettings.parse({ institutionName: body.name, ...body.settings }),
      createdAt: now,
      updatedAt: now,
    });
    const admin = newAccount({ tenantId: tenant.id, username: body.admin.username, displayName: body.admin.displayName, email: body.admin.email ?? null, role: 'admin' }, now);
    const delivery = body.admin.email ? 'email' : 'link';
    const link = await mapUniqueViolations(
      () =>
        em.transactional(async (tx) => {
          tx.persist([tenant, admin]);
          const prepared = await this.identity.links.prepare(tx, admin, 'invitation', delivery, now);
          this.publish(tx, request, tenant, 'identity.tenant.created.v1');
          this.users.publish(tx, request, 'identity.user.created.v1', admin);
          const audit = { ...caller, tenantId: tenant.id };
          this.identity.deps.audit.record(tx, { ...audit, action: 'tenant.created', subjectType: 'tenant', subjectId: tenant.id });
          this.identity.deps.audit.record(tx, { ...audit, action: 'user.created', subjectType: 'user', subjectId: admin.id, details: { role: 'admin', delivery } });
          return prepared;
        }),
      { tenant_code_unique: ['tenant_code_taken', 'a school already uses this code'] },
    );
    return { tenant: tenantView(tenant), admin: userView(admin), invitation: await this.users.deliver(em, link, admin) };
  }

  /** Deactivating a school ends all its sessions; nobody of it can sign in until reactivated. */
  async update(em: EntityManager, request: FastifyRequest, id: string, expected: number, patch: UpdateTenant): Promise<Tenant> {
    const caller = this.identity.caller(request);
    const now = this.identity.deps.clock.now();
    const tenant = await this.get(em, id);
    assertVersion(tenant.version, expected, () => tenantView(tenant));
    if (patch.name !== undefined) tenant.name = patch.name;
    if (patch.timeZone !== undefined) tenant.timeZone = patch.timeZone;
    if (patch.settings !== undefined) tenant.settings = TenantSettings.parse({ ...tenant.settings, ...patch.settings });
    if (patch.active !== undefined) tenant.active = patch.active;
    await em.transactional(async (tx) => {
      if (patch.active === false) await tx.nativeUpdate(SessionRecord, { tenantId: tenant.id, revokedAt: null }, { revokedAt: now, revokedReason: 'tenant_deactivated' });
      this.publish(tx, request, tenant, 'identity.tenant.updated.v1');
      this.identity.deps.audit.record(tx, { ...caller, tenantId: tenant.id, action: 'tenant.updated', subjectType: 'tenant', subjectId: tenant.id, details: { fields: Object.keys(patch) } });
    });
    return tenantView(tenant);
  }

  private publish(em: EntityManager, request: FastifyRequest, tenant: TenantRecord, type: 'identity.tenant.created.v1' | 'identity.tenant.updated.v1'): void {
    const data = { tenantId: tenant.id, code: tenant.code, name: tenant.name, timeZone: tenant.timeZone, settings: tenant.settings };
    const envelope = { tenantId: tenant.id, correlationId: request.id, actor: this.identity.caller(request).actor };
    if (type === 'identity.tenant.created.v1') this.identity.deps.outbox.record(em, { ...envelope, type, data });
    else this.identity.deps.outbox.record(em, { ...envelope, type, data: { ...data, active: tenant.active } });
  }
}
