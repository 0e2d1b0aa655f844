import { requirePermission } from '@gradeline/auth';
import { AuditQuery, MergedAuditPage, MergedDeadLetterPage, Pagination, PlatformHealth, PROBLEM_CONTENT_TYPE } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AdminService, type Caller } from './admin.service';

const DeadLetterQuery = Pagination.extend({
  status: z.enum(['open', 'replayed', 'discarded']).optional(),
  consumer: z.string().min(1).max(200).optional(),
});
const DeadLetterParams = z.object({ service: z.string().regex(/^[a-z]+$/), id: z.string().min(1).max(100) });

function caller(request: FastifyRequest): Caller {
  return { authorization: request.headers.authorization, requestId: request.id };
}

/**
 * The admin API (under /api/v1): platform health and dead letters for platform admins (their
 * operations permission, `dead-letters:manage`), the merged audit trail for school admins.
 */
export function adminRoutes(app: KitServer, admin: AdminService): void {
  const operators = requirePermission('dead-letters:manage');
  app.get('/admin/health', { preHandler: operators, schema: { response: { 200: PlatformHealth } } }, (request) => admin.health(caller(request)));

  app.get('/admin/audit', { preHandler: requirePermission('audit:read'), schema: { querystring: AuditQuery, response: { 200: MergedAuditPage } } }, (request) =>
    admin.audit(request.query, caller(request)),
  );

  app.get('/admin/dead-letters', { preHandler: operators, schema: { querystring: DeadLetterQuery, response: { 200: MergedDeadLetterPage } } }, (request) =>
    admin.deadLetters(request.query, caller(request)),
  );

  for (const action of ['replay', 'discard'] as const) {
    app.post(`/admin/dead-letters/:service/:id/${action}`, { preHandler: operators, schema: { params: DeadLetterParams } }, async (request, reply) => {
      const answer = await admin.deadLetterAction(request.params.service, request.params.id, action, caller(request));
      const type = answer.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json';
      return reply.code(answer.status).type(type).send(JSON.stringify(answer.body));
    });
  }
}
