import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { ReadingView, RematchResult } from '@gradeline/contracts';
import { type KitServer, notFound } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { lockExam } from '../matching/matching.repository';
import { type MatchCause } from '../matching/match-cause';
import { type OcrModules } from '../ocr-modules';
import { Reading } from './reading.entity';
import { readingView } from './reading.view';

const Params = z.object({ id: z.uuid() });
const identify = requirePermission('copies:identify');

function causeOf(request: FastifyRequest): MatchCause {
  return { correlationId: request.id, actor: auditContext(request).actor };
}

/** The identification desk's reading routes: staff of the copy's school only (404 otherwise). */
export function readingRoutes(app: KitServer, { readings, matching, deps }: OcrModules): void {
  app.get('/copies/:id/reading', { schema: { params: Params, response: { 200: ReadingView } }, preHandler: identify }, async (request, reply) => {
    const reading = await request.em.findOne(Reading, { copyId: request.params.id, tenantId: requirePrincipal(request).tenantId });
    if (!reading) throw notFound('reading');
    void reply.header('etag', `"${reading.version}"`);
    return readingView(request.em, reading);
  });

  app.post('/copies/:id/reading/rerun', { schema: { params: Params, response: { 200: ReadingView } }, preHandler: identify }, async (request, reply) => {
    const { tenantId } = requirePrincipal(request);
    const reading = await readings.rerun(request.em, tenantId, request.params.id, causeOf(request), (em, r) =>
      deps.audit.record(em, { ...auditContext(request), action: 'reading.rerun', subjectType: 'copy', subjectId: r.copyId, details: { readingId: r.id, decision: r.decision } }),
    );
    void reply.header('etag', `"${reading.version}"`);
    return readingView(request.em, reading);
  });

  app.post('/exams/:id/readings/rematch', { schema: { params: Params, response: { 200: RematchResult } }, preHandler: identify }, async (request) => {
    const { tenantId } = requirePrincipal(request);
    return request.em.transactional(async (em) => {
      const exam = await lockExam(em, tenantId, request.params.id);
      if (!exam) throw notFound('exam');
      const outcome = await matching.rematch(em, exam, causeOf(request));
      deps.audit.record(em, { ...auditContext(request), action: 'readings.rematched', subjectType: 'exam', subjectId: exam.id, details: { matched: outcome.matched, changed: outcome.changed } });
      return outcome;
    });
  });
}
