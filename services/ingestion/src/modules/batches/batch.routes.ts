import multipart from '@fastify/multipart';
import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { BatchAccepted, BatchList, BatchListQuery, BatchUploadQuery, BatchView, ScanPageImages } from '@gradeline/contracts';
import { discardUnreadBody, type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { z } from 'zod';
import { examOfTenant } from '../exams/exam-view.repository';
import { type PageService } from '../pages/page.service';
import { batchesOfExam, batchOfTenant, batchView, openReviewCounts } from './batch.repository';
import { incomingFile } from './incoming-file';
import { type UploadService } from './upload.service';

const ExamParams = z.object({ id: z.uuid() });
const BatchParams = z.object({ id: z.uuid() });
const PageParams = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1) });

export interface BatchRoutesDeps {
  uploads: UploadService;
  pages: PageService;
  maxBytes: number;
}

/** Uploading a scan batch, following its processing, and the images of its pages. */
export async function batchRoutes(app: KitServer, deps: BatchRoutesDeps): Promise<void> {
  // The file is counted and refused past the limit by the upload itself (413, and nothing kept);
  // busboy's own limit sits just above so it never answers first.
  await app.register(multipart, { limits: { fileSize: deps.maxBytes + 1, files: 1, fields: 4, parts: 5 } });
  app.addContentTypeParser('application/pdf', (_request, payload, done) => done(null, payload));

  app.post(
    '/exams/:id/batches',
    {
      schema: { params: ExamParams, querystring: BatchUploadQuery, response: { 200: BatchAccepted, 202: BatchAccepted } },
      preHandler: requirePermission('batches:upload'),
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      try {
        const file = await incomingFile(request, request.query.fileName);
        const accepted = await deps.uploads.upload({
          principal,
          examId: request.params.id,
          file: file.stream,
          fileName: file.fileName,
          force: request.query.force,
          requestId: request.id,
          audit: auditContext(request),
        });
        if (accepted.duplicate) return reply.code(200).send(accepted);
        return reply.code(202).header('location', `/batches/${accepted.batchId}`).send(accepted);
      } catch (error) {
        // Refused before the file was read whole (exam not open, not a PDF…): the multipart parser
        // stops pulling once its file stream is abandoned, so the rest is read here and dropped.
        discardUnreadBody(request.raw);
        throw error;
      }
    },
  );

  app.get(
    '/exams/:id/batches',
    { schema: { params: ExamParams, querystring: BatchListQuery, response: { 200: BatchList } }, preHandler: requirePermission('batches:upload') },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      await examOfTenant(request.em, tenantId, request.params.id);
      const [batches, total] = await batchesOfExam(request.em, tenantId, request.params.id, request.query);
      const open = await openReviewCounts(request.em, batches.map((b) => b.id));
      return { items: batches.map((b) => batchView(b, open.get(b.id) ?? 0)), total };
    },
  );

  app.get(
    '/batches/:id',
    { schema: { params: BatchParams, response: { 200: BatchView } }, preHandler: requirePermission('batches:upload') },
    async (request) => {
      const batch = await batchOfTenant(request.em, requirePrincipal(request).tenantId, request.params.id);
      return batchView(batch, (await openReviewCounts(request.em, [batch.id])).get(batch.id) ?? 0);
    },
  );

  app.get(
    '/batches/:id/pages/:n',
    { schema: { params: PageParams, response: { 200: ScanPageImages } }, preHandler: requirePermission('batches:review') },
    async (request) => deps.pages.images(request.em, requirePrincipal(request).tenantId, request.params.id, request.params.n),
  );
}
