import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { AcceptCharterRequest, Charter, CharterState, MyCharter, PutCharterRequest } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { etagOf } from '../shared/versioned';
import { type CharterService } from './charter.service';

/** Admins: `GET/PUT /charter` (versioned, If-Match). Students: `GET /me/charter`, `POST /me/charter/accept`. */
export function charterRoutes(app: KitServer, charters: CharterService): void {
  app.get('/charter', { schema: { response: { 200: CharterState } }, preHandler: requirePermission('charter:manage') }, async (request, reply) => {
    const { charter, version } = await charters.read(request.em, requirePrincipal(request).tenantId);
    return reply.header('etag', etagOf(version)).send({ charter });
  });
  app.put('/charter', { schema: { body: PutCharterRequest, response: { 200: Charter } }, preHandler: requirePermission('charter:manage') }, async (request, reply) => {
    const charter = await charters.update(request.em, requirePrincipal(request), auditContext(request), request.body.text, request.headers['if-match']);
    return reply.header('etag', etagOf(charter.version)).send(charter);
  });
  app.get('/me/charter', { schema: { response: { 200: MyCharter } }, preHandler: requirePermission('results:read-own') }, async (request) =>
    charters.mine(request.em, requirePrincipal(request)));
  app.post('/me/charter/accept', { schema: { body: AcceptCharterRequest, response: { 200: MyCharter } }, preHandler: requirePermission('results:read-own') }, async (request) =>
    charters.accept(request.em, requirePrincipal(request), auditContext(request), request.body.version));
}
