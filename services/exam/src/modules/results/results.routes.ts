import { requirePermission } from '@gradeline/auth';
import { Id, ReleaseResult, WithdrawResult } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { z } from 'zod';
import { inRequestTransaction } from '../../http/change-recorder';
import { type ResultsService } from './results.service';

const Params = z.object({ id: Id });

/** `POST /exams/:id/release` and `/unrelease`: the exam's owner, leads and admins. */
export function resultsRoutes(app: KitServer, deps: ServiceDeps, results: ResultsService): void {
  const guard = requirePermission('results:release');
  app.post('/exams/:id/release', { schema: { params: Params, response: { 200: ReleaseResult } }, preHandler: guard }, (request) =>
    inRequestTransaction(request, deps, (em, changes, caller) => results.release(em, changes, caller, request.params.id)),
  );
  app.post('/exams/:id/unrelease', { schema: { params: Params, response: { 200: WithdrawResult } }, preHandler: guard }, (request) =>
    inRequestTransaction(request, deps, (em, changes, caller) => results.withdraw(em, changes, caller, request.params.id)),
  );
}
