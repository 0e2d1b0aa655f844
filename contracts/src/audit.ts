import { z } from 'zod';
import { Actor, IsoDateTime, Pagination } from './values';

/**
 * One audited action, as every service records it (in its own database, in the same transaction
 * as the change) and as the gateway's /admin/audit merges them. Never a password, token or payload
 * with personal data in `details`: ids and codes only.
 */
export const AuditEntry = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  service: z.string(),
  actor: Actor,
  /** What happened, `<area>.<verb>`: `auth.signed_in`, `copy.identified`, `export.downloaded`. */
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  /** failure entries (a refused sign-in) say so */
  outcome: z.enum(['success', 'failure']),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  at: IsoDateTime,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = Pagination.extend({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  subjectType: z.string().max(100).optional(),
  subjectId: z.string().max(200).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ items: z.array(AuditEntry), total: z.number().int().min(0) });
export type AuditPage = z.infer<typeof AuditPage>;
