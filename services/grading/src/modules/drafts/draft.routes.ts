import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { GradingDraft, GradingDraftSave } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { CopyParams, IfMatchHeaders } from '../../shared/params';
import { etag, requiredVersion } from '../../shared/versions';
import { type DraftService } from './draft.service';

/** The caller's own draft of a copy (If-Match `"0"` saves the first one). */
export function draftRoutes(app: KitServer, drafts: DraftService): void {
  const grade = requirePermission('copies:grade');

  app.get('/copies/:id/draft', { schema: { params: CopyParams, response: { 200: GradingDraft } }, preHandler: grade }, async (request, reply) => {
    const draft = await drafts.get(request.em, requirePrincipal(request), request.params.id);
    return reply.header('etag', etag(draft.version)).send(draft);
  });

  app.put(
    '/copies/:id/draft',
    { schema: { params: CopyParams, headers: IfMatchHeaders, body: GradingDraftSave, response: { 200: GradingDraft } }, preHandler: grade },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const draft = await drafts.save(request.em, principal, request.params.id, requiredVersion(request.headers['if-match']), request.body.content);
      return reply.header('etag', etag(draft.version)).send(draft);
    },
  );
}
