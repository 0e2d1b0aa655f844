import { requirePrincipal, type Principal } from '@gradeline/auth';
import { type Actor } from '@gradeline/contracts';
import { auditContext, type AuditInput } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';

/** Who is asking, with what their changes are recorded under (audit context, correlation id). */
export interface Caller {
  principal: Principal;
  tenantId: string;
  userId: string;
  actor: Actor;
  correlationId: string;
  audit: Pick<AuditInput, 'tenantId' | 'actor' | 'ip' | 'userAgent'>;
}

export function callerOf(request: FastifyRequest): Caller {
  const principal = requirePrincipal(request);
  const audit = auditContext(request);
  return { principal, tenantId: principal.tenantId, userId: principal.userId, actor: audit.actor, correlationId: request.id, audit };
}
