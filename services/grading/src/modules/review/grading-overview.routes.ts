import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { AuditPage, ExamGrading, GradingCopyPage, GradingCopyQuery, Pagination } from '@gradeline/contracts';
import { AppError, type KitServer } from '@gradeline/kit';
import { type AuditLog } from '@gradeline/runtime';
import { CopyParams, ExamParams } from '../../shared/params';
import { openCopy } from '../grading/copy-context';
import { type GradingOverviewService } from './grading-overview.service';

/** A corrector's copies, an exam's progress (leads, admins) and a copy's audit trail (leads, admins). */
export function gradingOverviewRoutes(app: KitServer, overview: GradingOverviewService, audit: AuditLog): void {
  const grade = requirePermission('copies:grade');

  app.get('/grading/copies', { schema: { querystring: GradingCopyQuery, response: { 200: GradingCopyPage } }, preHandler: grade }, (request) =>
    overview.myCopies(request.em, requirePrincipal(request), request.query),
  );

  app.get('/exams/:id/grading', { schema: { params: ExamParams, response: { 200: ExamGrading } }, preHandler: grade }, (request) =>
    overview.exam(request.em, requirePrincipal(request), request.params.id),
  );

  app.get(
    '/copies/:id/history',
    { schema: { params: CopyParams, querystring: Pagination, response: { 200: AuditPage } }, preHandler: grade },
    async (request) => {
      const principal = requirePrincipal(request);
      const { access } = await openCopy(request.em, principal, request.params.id);
      if (access.role === 'corrector') throw new AppError('forbidden', "a copy's audit trail is for the exam's leads and the school's admins");
      return audit.search(request.em, principal.tenantId, { ...request.query, subjectType: 'copy', subjectId: request.params.id });
    },
  );
}
