import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { BankComment, BankCommentInput, BankCommentPage, BankCommentQuery, ExamBankCommentInput } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { CommentParams, ExamParams } from '../../shared/params';
import { type CommentBankService } from './comment-bank.service';

/** `/comment-bank` (the caller's own) and `/exams/:id/comment-bank` (shared by the exam's graders). */
export function commentBankRoutes(app: KitServer, bank: CommentBankService): void {
  const grade = requirePermission('copies:grade');

  app.get('/comment-bank', { schema: { querystring: BankCommentQuery, response: { 200: BankCommentPage } }, preHandler: grade }, (request) =>
    bank.listPersonal(request.em, requirePrincipal(request), request.query),
  );

  app.post('/comment-bank', { schema: { body: BankCommentInput, response: { 201: BankComment } }, preHandler: grade }, async (request, reply) => {
    const comment = await bank.addPersonal(request.em, auditContext(request), requirePrincipal(request), request.body);
    return reply.code(201).send(comment);
  });

  app.post('/comment-bank/:commentId/use', { schema: { params: CommentParams, response: { 200: BankComment } }, preHandler: grade }, (request) =>
    bank.use(request.em, requirePrincipal(request), request.params.commentId),
  );

  app.delete('/comment-bank/:commentId', { schema: { params: CommentParams }, preHandler: grade }, async (request, reply) => {
    await bank.remove(request.em, auditContext(request), requirePrincipal(request), request.params.commentId);
    return reply.code(204).send();
  });

  app.get(
    '/exams/:id/comment-bank',
    { schema: { params: ExamParams, querystring: BankCommentQuery.omit({ examId: true }), response: { 200: BankCommentPage } }, preHandler: grade },
    (request) => bank.listShared(request.em, requirePrincipal(request), request.params.id, request.query),
  );

  app.post(
    '/exams/:id/comment-bank',
    { schema: { params: ExamParams, body: ExamBankCommentInput, response: { 201: BankComment } }, preHandler: grade },
    async (request, reply) => {
      const comment = await bank.addShared(request.em, auditContext(request), requirePrincipal(request), request.params.id, request.body);
      return reply.code(201).send(comment);
    },
  );
}
