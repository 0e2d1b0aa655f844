import { randomUUID } from 'node:crypto';
import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { type Actor, AuditPage, AuditQuery, type AuditEntry } from '@gradeline/contracts';
import { AuditRecord, type EntityManager, type FilterQuery } from '@gradeline/db';
import { type KitServer } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';

export interface AuditInput {
  tenantId: string;
  actor: Actor;
  /** `<area>.<verb>`, e.g. `copy.identified`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  outcome?: 'success' | 'failure';
  /** Ids and codes only: never a secret, never personal data. */
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

/** Who did it and from where, taken from an authenticated request. */
export function auditContext(request: FastifyRequest): Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'> {
  const principal = requirePrincipal(request);
  return {
    tenantId: principal.tenantId,
    actor: { kind: 'user', userId: principal.userId, role: principal.role },
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
  };
}

/** The service's audit log: entries are persisted in the caller's transaction. */
export class AuditLog {
  constructor(private readonly service: string) {}

  record(em: EntityManager, input: AuditInput): AuditRecord {
    const record = Object.assign(new AuditRecord(), {
      id: randomUUID(),
      tenantId: input.tenantId,
      actor: input.actor,
      actorId: input.actor.kind === 'user' ? input.actor.userId : null,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId ?? null,
      outcome: input.outcome ?? 'success',
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      details: input.details ?? {},
      at: new Date(),
    });
    em.persist(record);
    return record;
  }

  async search(em: EntityManager, tenantId: string, query: AuditQuery): Promise<AuditPage> {
    const where: FilterQuery<AuditRecord> = { tenantId };
    if (query.from || query.to) where.at = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lte: new Date(query.to) } : {}) };
    if (query.actorId) where.actorId = query.actorId;
    if (query.action) where.action = query.action;
    if (query.subjectType) where.subjectType = query.subjectType;
    if (query.subjectId) where.subjectId = query.subjectId;
    if (query.outcome) where.outcome = query.outcome;
    const [rows, total] = await em.findAndCount(AuditRecord, where, { orderBy: { at: 'desc', id: 'asc' }, limit: query.limit, offset: query.offset });
    return { items: rows.map((r) => this.view(r)), total };
  }

  private view(r: AuditRecord): AuditEntry {
    return {
      id: r.id,
      tenantId: r.tenantId,
      service: this.service,
      actor: r.actor as Actor,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      outcome: r.outcome,
      ip: r.ip,
      userAgent: r.userAgent,
      details: r.details,
      at: r.at.toISOString(),
    };
  }
}

/** `GET /admin/audit`: the caller's school's entries of this service (the gateway merges services). */
export function auditRoutes(app: KitServer, audit: AuditLog): void {
  app.get(
    '/admin/audit',
    { schema: { querystring: AuditQuery, response: { 200: AuditPage } }, preHandler: requirePermission('audit:read') },
    (request) => audit.search(request.em, requirePrincipal(request).tenantId, request.query),
  );
}
