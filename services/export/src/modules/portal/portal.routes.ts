import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { MyResult, MyResultList } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { z } from 'zod';
import { sendAttachment } from '../results/attachment';
import { type PortalService } from './portal.service';

const Params = z.object({ copyId: z.uuid() });

/** `GET /me/results`, `GET /me/results/:copyId`, `GET /me/results/:copyId/pdf` (students, their own released copies). */
export function portalRoutes(app: KitServer, portal: PortalService): void {
  const own = { preHandler: requirePermission('results:read-own') };
  app.get('/me/results', { ...own, schema: { response: { 200: MyResultList } } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    return { items: await portal.list(request.em, requirePrincipal(request)) };
  });
  app.get('/me/results/:copyId', { ...own, schema: { params: Params, response: { 200: MyResult } } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    return portal.get(request.em, requirePrincipal(request), request.params.copyId);
  });
  app.get('/me/results/:copyId/pdf', { ...own, schema: { params: Params } }, async (request, reply) => {
    const { body, fileName } = await portal.pdf(request.em, requirePrincipal(request), auditContext(request), request.params.copyId);
    return sendAttachment(reply, body, { name: fileName, contentType: 'application/pdf' });
  });
}
