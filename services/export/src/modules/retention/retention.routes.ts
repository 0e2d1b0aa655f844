import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { RetentionRun, RetentionSettings, RetentionView } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { etagOf } from '../shared/versioned';
import { type RetentionService } from './retention.service';

/** `GET/PUT /retention` (versioned, If-Match) and `POST /retention/run` (the caller's school now). */
export function retentionRoutes(app: KitServer, retention: RetentionService): void {
  const admin = { preHandler: requirePermission('retention:manage') };
  app.get('/retention', { ...admin, schema: { response: { 200: RetentionView } } }, async (request, reply) => {
    const view = await retention.get(request.em, requirePrincipal(request).tenantId);
    return reply.header('etag', etagOf(view.version)).send(view);
  });
  app.put('/retention', { ...admin, schema: { body: RetentionSettings, response: { 200: RetentionView } } }, async (request, reply) => {
    const view = await retention.update(request.em, requirePrincipal(request), auditContext(request), request.body.months, request.headers['if-match']);
    return reply.header('etag', etagOf(view.version)).send(view);
  });
  app.post('/retention/run', { ...admin, schema: { response: { 200: RetentionRun } } }, async (request) => {
    const { tenantId, actor } = auditContext(request);
    return retention.purge({ tenantId, actor, correlationId: request.id });
  });
}
