import { requirePermission } from '@gradeline/auth';
import { FinalizeResult, ReopenRequest, ReopenResult, TakeOverResult } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { CopyParams, IfMatchHeaders } from '../../shared/params';
import { etag, requiredVersion } from '../../shared/versions';
import { writeContextOf } from './copy-writer';
import { type FinalizeService } from './finalize.service';

/** Finalise (If-Match: the document version; retries are answered the same), reopen, take over. */
export function finalizeRoutes(app: KitServer, finalize: FinalizeService): void {
  app.post(
    '/copies/:id/finalize',
    { schema: { params: CopyParams, headers: IfMatchHeaders, response: { 200: FinalizeResult } }, preHandler: requirePermission('copies:grade') },
    async (request, reply) => {
      const result = await finalize.finalize(request.em, writeContextOf(request), request.params.id, requiredVersion(request.headers['if-match']));
      return reply.header('etag', etag(result.documentVersion)).send(result);
    },
  );

  app.post(
    '/copies/:id/reopen',
    { schema: { params: CopyParams, body: ReopenRequest, response: { 200: ReopenResult } }, preHandler: requirePermission('copies:reopen') },
    async (request, reply) => {
      const result = await finalize.reopen(request.em, writeContextOf(request), request.params.id, request.body.reason);
      return reply.header('etag', etag(result.documentVersion)).send(result);
    },
  );

  app.post(
    '/copies/:id/take-over',
    { schema: { params: CopyParams, response: { 200: TakeOverResult } }, preHandler: requirePermission('copies:take-over') },
    (request) => finalize.takeOver(request.em, writeContextOf(request), request.params.id),
  );
}
