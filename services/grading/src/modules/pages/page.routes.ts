import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { GradingPageLink } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { PageParams } from '../../shared/params';
import { type PageRenditionService } from './page-rendition.service';

/** `GET /copies/:id/pages/:n` (n from 1): a short-lived signed link; page 1 is the masked rendition. */
export function pageRoutes(app: KitServer, pages: PageRenditionService): void {
  app.get(
    '/copies/:id/pages/:n',
    { schema: { params: PageParams, response: { 200: GradingPageLink } }, preHandler: requirePermission('copies:grade') },
    async (request, reply) => {
      const link = await pages.link(request.em, requirePrincipal(request), request.params.id, request.params.n);
      // The link is a bearer capability: neither the client nor a proxy should keep it.
      return reply.header('cache-control', 'private, no-store').send(link);
    },
  );
}
