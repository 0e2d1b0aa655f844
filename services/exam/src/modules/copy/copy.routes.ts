import { requirePermission } from '@gradeline/auth';
import { CopyList, CopyListQuery, CopyStatusRequest, CopyView, Id, type CopyStatus } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/caller';
import { inTransaction, requestRecorder } from '../../http/change-recorder';
import { etag, ifMatch } from '../../http/versioning';
import { type CopyService } from './copy.service';
import { copyView } from './copy.view';

const Params = z.object({ id: Id });

/** `/exams/:id/copies`, `/copies/:id` and the by-hand moves (quarantine and back). */
export function copyRoutes(app: KitServer, deps: ServiceDeps, copies: CopyService): void {
  app.get(
    '/exams/:id/copies',
    { schema: { params: Params, querystring: CopyListQuery, response: { 200: CopyList } }, preHandler: requirePermission('exams:read') },
    (request) => copies.list(request.em, callerOf(request), request.params.id, request.query),
  );

  app.get(
    '/copies/:id',
    { schema: { params: Params, response: { 200: CopyView } }, preHandler: requirePermission('exams:read') },
    async (request, reply) => {
      const copy = await copies.load(request.em, callerOf(request), request.params.id);
      return reply.header('etag', etag(copy.version)).send(copyView(copy));
    },
  );

  const command = { schema: { params: Params, body: CopyStatusRequest, response: { 200: CopyView } }, preHandler: requirePermission('exams:manage') };
  const moveByHand = async (request: FastifyRequest, id: string, to: CopyStatus, reason: string) => {
    const caller = callerOf(request);
    return inTransaction(request.em, (em) => copies.moveByHand(em, requestRecorder(em, deps, caller), caller, id, to, reason, ifMatch(request)));
  };
  app.post('/copies/:id/quarantine', command, async (request, reply) => {
    const copy = await moveByHand(request, request.params.id, 'QUARANTINE', request.body.reason);
    return reply.header('etag', etag(copy.version)).send(copyView(copy));
  });
  app.post('/copies/:id/unquarantine', command, async (request, reply) => {
    const copy = await moveByHand(request, request.params.id, 'STAGING', request.body.reason);
    return reply.header('etag', etag(copy.version)).send(copyView(copy));
  });
}
