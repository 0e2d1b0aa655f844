import { EntitySchema } from '@mikro-orm/core';

/** One audited action in a service's own database (see contracts AuditEntry). */
export class AuditRecord {
  id!: string;
  tenantId!: string;
  actor!: Record<string, unknown>;
  /** The acting user, copied out of `actor` so searches by person use an index. */
  actorId: string | null = null;
  action!: string;
  subjectType!: string;
  subjectId: string | null = null;
  outcome: 'success' | 'failure' = 'success';
  ip: string | null = null;
  userAgent: string | null = null;
  details: Record<string, unknown> = {};
  at: Date = new Date();
}

export const auditRecordEntity = new EntitySchema<AuditRecord>({
  class: AuditRecord,
  tableName: 'audit_log',
  indexes: [{ properties: ['tenantId', 'at'] }, { properties: ['tenantId', 'subjectType', 'subjectId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    actor: { type: 'json' },
    actorId: { type: 'uuid', nullable: true },
    action: { type: 'text' },
    subjectType: { type: 'text' },
    subjectId: { type: 'text', nullable: true },
    outcome: { type: 'text' },
    ip: { type: 'text', nullable: true },
    userAgent: { type: 'text', nullable: true },
    details: { type: 'json' },
    at: { type: 'datetime' },
  },
});
