import { requirePermission } from '@gradeline/auth';
import { AnnotationInput, AnnotationPatch, AnnotationView } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { AnnotationParams, CopyParams, IfMatchHeaders } from '../../shared/params';
import { etag, requiredVersion } from '../../shared/versions';
import { writeContextOf } from '../grading/copy-writer';
import { type AnnotationService } from './annotation.service';

/** Annotations: create (201; 200 for a retry with the same id), change and delete with If-Match. */
export function annotationRoutes(app: KitServer, annotations: AnnotationService): void {
  const grade = requirePermission('copies:grade');

  app.post(
    '/copies/:id/annotations',
    { schema: { params: CopyParams, body: AnnotationInput, response: { 200: AnnotationView, 201: AnnotationView } }, preHandler: grade },
    async (request, reply) => {
      const { annotation, created } = await annotations.add(request.em, writeContextOf(request), request.params.id, request.body);
      return reply.code(created ? 201 : 200).header('etag', etag(annotation.version)).send(annotation);
    },
  );

  app.patch(
    '/copies/:id/annotations/:annotationId',
    { schema: { params: AnnotationParams, headers: IfMatchHeaders, body: AnnotationPatch, response: { 200: AnnotationView } }, preHandler: grade },
    async (request, reply) => {
      const { id, annotationId } = request.params;
      const annotation = await annotations.update(request.em, writeContextOf(request), id, annotationId, requiredVersion(request.headers['if-match']), request.body);
      return reply.header('etag', etag(annotation.version)).send(annotation);
    },
  );

  app.delete(
    '/copies/:id/annotations/:annotationId',
    { schema: { params: AnnotationParams, headers: IfMatchHeaders }, preHandler: grade },
    async (request, reply) => {
      const { id, annotationId } = request.params;
      await annotations.remove(request.em, writeContextOf(request), id, annotationId, requiredVersion(request.headers['if-match']));
      return reply.code(204).send();
    },
  );
}
