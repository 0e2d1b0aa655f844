import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { CreateExportRequest, ExportAccepted, ExportList, ExportView } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { z } from 'zod';
import { sendAttachment } from '../results/attachment';
import { exportView, type ExportService } from './export.service';

const Params = z.object({ id: z.uuid() });

/** `POST /exams/:id/exports`, `GET /exams/:id/exports`, `GET /exports/:id`, `GET /exports/:id/download`. */
export function exportRoutes(app: KitServer, exports: ExportService): void {
  app.post('/exams/:id/exports', {
    schema: { params: Params, body: CreateExportRequest, response: { 202: ExportAccepted } },
    preHandler: requirePermission('exports:create'),
  }, async (request, reply) => {
    const accepted = await exports.create(request.em, requirePrincipal(request), auditContext(request), request.params.id, request.body);
    return reply.code(202).send(accepted);
  });
  app.get('/exams/:id/exports', { schema: { params: Params, response: { 200: ExportList } }, preHandler: requirePermission('exports:read') }, async (request) => ({
    items: await exports.list(request.em, requirePrincipal(request), request.params.id),
  }));
  app.get('/exports/:id', { schema: { params: Params, response: { 200: ExportView } }, preHandler: requirePermission('exports:read') }, async (request) =>
    exportView(await exports.get(request.em, requirePrincipal(request), request.params.id)));
  app.get('/exports/:id/download', { schema: { params: Params }, preHandler: requirePermission('exports:read') }, async (request, reply) => {
    const { job, body } = await exports.download(request.em, requirePrincipal(request), auditContext(request), request.params.id);
    return sendAttachment(reply, body, { name: job.fileName!, contentType: job.contentType!, size: job.size });
  });
}
