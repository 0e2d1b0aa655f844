import { requirePermission } from '@gradeline/auth';
import { Id, PutSchemeRequest, SchemeQuery, SchemeVersionList, SchemeView } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { z } from 'zod';
import { callerOf } from '../../http/caller';
import { inTransaction, requestRecorder } from '../../http/change-recorder';
import { etag, requireIfMatch } from '../../http/versioning';
import { type SchemeService } from './scheme.service';

const Params = z.object({ id: Id });

/** `/exams/:id/scheme` (GET current or `?version=n`, PUT with If-Match) and its version list. */
export function schemeRoutes(app: KitServer, deps: ServiceDeps, schemes: SchemeService): void {
  app.get(
    '/exams/:id/scheme',
    { schema: { params: Params, querystring: SchemeQuery, response: { 200: SchemeView } }, preHandler: requirePermission('exams:read') },
    async (request, reply) => {
      const scheme = await schemes.get(request.em, callerOf(request), request.params.id, request.query.version);
      return reply.header('etag', etag(scheme.version)).send(scheme);
    },
  );

  app.put(
    '/exams/:id/scheme',
    { schema: { params: Params, body: PutSchemeRequest, response: { 200: SchemeView } }, preHandler: requirePermission('exams:manage') },
    async (request, reply) => {
      const caller = callerOf(request);
      const expected = requireIfMatch(request);
      const scheme = await inTransaction(request.em, (em) =>
        schemes.save(em, requestRecorder(em, deps, caller), caller, request.params.id, expected, request.body.nodes),
      );
      return reply.header('etag', etag(scheme.version)).send(scheme);
    },
  );

  app.get(
    '/exams/:id/scheme/versions',
    { schema: { params: Params, response: { 200: SchemeVersionList } }, preHandler: requirePermission('exams:read') },
    (request) => schemes.versions(request.em, callerOf(request), request.params.id),
  );
}
