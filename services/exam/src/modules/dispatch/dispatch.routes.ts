import { requirePermission } from '@gradeline/auth';
import {
  AssignedCopyList,
  AssignedCopyQuery,
  AssignmentRequest,
  CopyView,
  DispatchRequest,
  DispatchRunList,
  DispatchRunListQuery,
  DispatchRunView,
  Id,
} from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/caller';
import { inRequestTransaction } from '../../http/change-recorder';
import { etag, ifMatch } from '../../http/versioning';
import { copyView } from '../copy/copy.view';
import { type DispatchRun } from './dispatch-run.entity';
import { type DispatchService } from './dispatch.service';
import { runView } from './dispatch.view';

const Params = z.object({ id: Id });
const RunParams = z.object({ id: Id, runId: Id });

const sendRun = (reply: FastifyReply, run: DispatchRun) =>
  reply.code(201).header('location', `/exams/${run.examId}/dispatches/${run.id}`).send(runView(run));

/** Dispatch runs, rebalancing, reassignment by hand, and a corrector's own list. */
export function dispatchRoutes(app: KitServer, deps: ServiceDeps, dispatch: DispatchService): void {
  const guard = requirePermission('copies:dispatch');

  app.post(
    '/exams/:id/dispatch',
    { schema: { params: Params, body: DispatchRequest.nullish(), response: { 201: DispatchRunView } }, preHandler: guard },
    async (request, reply) => {
      // Fastify hands a request without a body over as null: balanced, no quotas.
      const quotas = request.body?.quotas ?? null;
      return sendRun(reply, await inRequestTransaction(request, deps, (em, changes, caller) => dispatch.dispatch(em, changes, caller, request.params.id, quotas)));
    },
  );

  app.post('/exams/:id/rebalance', { schema: { params: Params, response: { 201: DispatchRunView } }, preHandler: guard }, async (request, reply) => {
    return sendRun(reply, await inRequestTransaction(request, deps, (em, changes, caller) => dispatch.rebalance(em, changes, caller, request.params.id)));
  });

  app.get(
    '/exams/:id/dispatches',
    { schema: { params: Params, querystring: DispatchRunListQuery, response: { 200: DispatchRunList } }, preHandler: guard },
    (request) => dispatch.runs(request.em, callerOf(request), request.params.id, request.query),
  );

  app.get(
    '/exams/:id/dispatches/:runId',
    { schema: { params: RunParams, response: { 200: DispatchRunView } }, preHandler: guard },
    async (request) => runView(await dispatch.run(request.em, callerOf(request), request.params.id, request.params.runId)),
  );

  app.post(
    '/copies/:id/assignment',
    { schema: { params: Params, body: AssignmentRequest, response: { 200: CopyView } }, preHandler: guard },
    async (request, reply) => {
      const { correctorId, reason } = request.body;
      const copy = await inRequestTransaction(request, deps, (em, changes, caller) =>
        dispatch.reassign(em, changes, caller, request.params.id, correctorId, reason, ifMatch(request)),
      );
      return reply.header('etag', etag(copy.version)).send(copyView(copy));
    },
  );

  app.get(
    '/copies/assigned',
    { schema: { querystring: AssignedCopyQuery, response: { 200: AssignedCopyList } }, preHandler: requirePermission('copies:grade') },
    (request) => dispatch.assigned(request.em, callerOf(request), request.query),
  );
}
