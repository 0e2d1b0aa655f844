import { Readable } from 'node:stream';
import { requirePermission } from '@gradeline/auth';
import { Id, SheetsQuery } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { z } from 'zod';
import { callerOf } from '../../http/caller';
import { inTransaction, requestRecorder } from '../../http/change-recorder';
import { renderSheets } from './sheets-pdf';
import { type SheetsService } from './sheets.service';

const Params = z.object({ id: Id });

/** `GET /exams/:id/sheets.pdf?copies=N` or `?prenamed=true`: streamed as it is drawn. */
export function sheetsRoutes(app: KitServer, deps: ServiceDeps, sheets: SheetsService): void {
  app.get(
    '/exams/:id/sheets.pdf',
    { schema: { params: Params, querystring: SheetsQuery }, preHandler: requirePermission('exams:manage') },
    async (request, reply) => {
      const caller = callerOf(request);
      const doc = await inTransaction(request.em, (em) => sheets.prepare(em, requestRecorder(em, deps, caller), caller, request.params.id, request.query));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${doc.fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(Readable.from(renderSheets(doc)));
    },
  );
}
