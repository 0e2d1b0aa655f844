import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { GlobalCommentInput, GradingDocument, GradingUpdate, ScoreInput, ScoresPatch } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { CopyParams, IfMatchHeaders, ScoreParams } from '../../shared/params';
import { etag, requiredVersion } from '../../shared/versions';
import { writeContextOf } from './copy-writer';
import { type GradingService } from './grading.service';

/** The corrector's document: read it, set scores and remarks, set the global comment. */
export function gradingRoutes(app: KitServer, grading: GradingService): void {
  const grade = requirePermission('copies:grade');

  app.get('/copies/:id/grading', { schema: { params: CopyParams, response: { 200: GradingDocument } }, preHandler: grade }, async (request, reply) => {
    const doc = await grading.document(request.em, requirePrincipal(request), request.params.id);
    return reply.header('etag', etag(doc.version)).send(doc);
  });

  app.put(
    '/copies/:id/grading/scores/:nodeId',
    { schema: { params: ScoreParams, headers: IfMatchHeaders, body: ScoreInput, response: { 200: GradingUpdate } }, preHandler: grade },
    async (request, reply) => {
      const { id, nodeId } = request.params;
      const edit = { nodeId, ...request.body, paths: { node: 'params.nodeId', points: 'body.points' } };
      const update = await grading.setScores(request.em, writeContextOf(request), id, requiredVersion(request.headers['if-match']), [edit]);
      return reply.header('etag', etag(update.version)).send(update);
    },
  );

  app.patch(
    '/copies/:id/grading/scores',
    { schema: { params: CopyParams, headers: IfMatchHeaders, body: ScoresPatch, response: { 200: GradingUpdate } }, preHandler: grade },
    async (request, reply) => {
      const edits = request.body.scores.map((s, i) => ({ ...s, paths: { node: `body.scores.${i}.nodeId`, points: `body.scores.${i}.points` } }));
      const update = await grading.setScores(request.em, writeContextOf(request), request.params.id, requiredVersion(request.headers['if-match']), edits);
      return reply.header('etag', etag(update.version)).send(update);
    },
  );

  app.put(
    '/copies/:id/grading/comment',
    { schema: { params: CopyParams, headers: IfMatchHeaders, body: GlobalCommentInput, response: { 200: GradingUpdate } }, preHandler: grade },
    async (request, reply) => {
      const { id } = request.params;
      const update = await grading.setComment(request.em, writeContextOf(request), id, requiredVersion(request.headers['if-match']), request.body.comment);
      return reply.header('etag', etag(update.version)).send(update);
    },
  );
}
