import { type Actor } from '@gradeline/contracts';
import { type AuditInput } from '@gradeline/runtime';

/** Where a request came from, for audit entries of routes without a signed-in caller. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export function originAudit(origin: RequestOrigin, tenantId: string, actor: Actor): Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'> {
  return { tenantId, actor, ip: origin.ip, userAgent: origin.userAgent };
}

export const ANONYMOUS: Actor = { kind: 'system', name: 'anonymous' };
