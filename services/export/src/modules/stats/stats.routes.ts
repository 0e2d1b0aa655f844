import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { ExamStats } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { z } from 'zod';
import { Copy } from '../read-model/copy.entity';
import { examForStaff, leadsExam } from '../read-model/exam-access';
import { SchemeVersion } from '../read-model/scheme.entity';
import { examStats } from './statistics';

/** `GET /exams/:id/stats`: the exam's owner, leads and admins; per-corrector figures for leads and admins. */
export function statsRoutes(app: KitServer): void {
  app.get('/exams/:id/stats', {
    schema: { params: z.object({ id: z.uuid() }), response: { 200: ExamStats } },
    preHandler: requirePermission('stats:read'),
  }, async (request) => {
    const principal = requirePrincipal(request);
    const exam = await examForStaff(request.em, principal, request.params.id);
    const copies = await request.em.find(Copy, { tenantId: exam.tenantId, examId: exam.id });
    const [scheme] = await request.em.find(SchemeVersion, { tenantId: exam.tenantId, examId: exam.id }, { orderBy: { version: 'desc' }, limit: 1 });
    return examStats(exam, copies, scheme?.nodes ?? [], leadsExam(principal, exam));
  });
}
