import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { AssembledCopyList, AssembledCopyView, CompleteAssembledCopy, Pagination } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { z } from 'zod';
import { requiredVersion, withEtag } from '../../shared/if-match';
import { type CopyService } from './copy.service';

const BatchParams = z.object({ id: z.uuid() });
const CopyParams = z.object({ id: z.uuid(), copyId: z.uuid() });

/** The copies a batch assembled, with their missing pages; lifting a copy's quarantine. */
export function copyRoutes(app: KitServer, copies: CopyService): void {
  const guard = requirePermission('batches:review');

  app.get(
    '/batches/:id/copies',
    { schema: { params: BatchParams, querystring: Pagination, response: { 200: AssembledCopyList } }, preHandler: guard },
    (request) => copies.list(request.em, requirePrincipal(request).tenantId, request.params.id, request.query),
  );

  app.get(
    '/batches/:id/copies/:copyId',
    { schema: { params: CopyParams, response: { 200: AssembledCopyView } }, preHandler: guard },
    async (request, reply) =>
      withEtag(reply, await copies.get(request.em, requirePrincipal(request).tenantId, request.params.id, request.params.copyId)),
  );

  app.post(
    '/batches/:id/copies/:copyId/complete',
    { schema: { params: CopyParams, body: CompleteAssembledCopy, response: { 200: AssembledCopyView } }, preHandler: guard },
    async (request, reply) => {
      const action = { audit: auditContext(request), batchId: request.params.id, copyId: request.params.copyId, version: requiredVersion(request) };
      return withEtag(reply, await copies.complete(request.em, action, request.body));
    },
  );
}
