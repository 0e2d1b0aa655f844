import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { AssignReviewPage, ReviewItemView, ReviewList, ReviewListQuery } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requiredVersion, withEtag } from '../../shared/if-match';
import { type ReviewAction, type ReviewService } from './review.service';

const BatchParams = z.object({ id: z.uuid() });
const ItemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

function action(request: FastifyRequest, params: z.infer<typeof ItemParams>): ReviewAction {
  return { audit: auditContext(request), batchId: params.id, itemId: params.itemId, version: requiredVersion(request) };
}

/** The review list of a batch: pages assembly did not place, and what people decide about them. */
export function reviewRoutes(app: KitServer, review: ReviewService): void {
  const guard = requirePermission('batches:review');

  app.get(
    '/batches/:id/review',
    { schema: { params: BatchParams, querystring: ReviewListQuery, response: { 200: ReviewList } }, preHandler: guard },
    (request) => review.list(request.em, requirePrincipal(request).tenantId, request.params.id, request.query),
  );

  app.get(
    '/batches/:id/review/:itemId',
    { schema: { params: ItemParams, response: { 200: ReviewItemView } }, preHandler: guard },
    async (request, reply) =>
      withEtag(reply, await review.get(request.em, requirePrincipal(request).tenantId, request.params.id, request.params.itemId)),
  );

  app.post(
    '/batches/:id/review/:itemId/assign',
    { schema: { params: ItemParams, body: AssignReviewPage, response: { 200: ReviewItemView } }, preHandler: guard },
    async (request, reply) => withEtag(reply, await review.assign(request.em, action(request, request.params), request.body)),
  );

  app.post(
    '/batches/:id/review/:itemId/discard',
    { schema: { params: ItemParams, response: { 200: ReviewItemView } }, preHandler: guard },
    async (request, reply) => withEtag(reply, await review.discard(request.em, action(request, request.params))),
  );
}
