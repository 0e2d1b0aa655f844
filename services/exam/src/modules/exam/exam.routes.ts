import { requirePermission } from '@gradeline/auth';
import { CreateExamRequest, ExamList, ExamListQuery, ExamView, Id, UpdateExamRequest } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/caller';
import { inTransaction, requestRecorder } from '../../http/change-recorder';
import { etag, ifMatch, requireIfMatch } from '../../http/versioning';
import { type Exam } from './exam.entity';
import { type ExamService } from './exam.service';
import { EXAM_COMMANDS, type ExamCommand } from './exam-status';
import { examView } from './exam.view';

const Params = z.object({ id: Id });

const send = (reply: FastifyReply, exam: Exam, code = 200) => reply.code(code).header('etag', etag(exam.version)).send(examView(exam));

/** `/exams`, `/exams/:id` and the status commands `POST /exams/:id/{open,grading,close}`. */
export function examRoutes(app: KitServer, deps: ServiceDeps, exams: ExamService): void {
  app.get(
    '/exams',
    { schema: { querystring: ExamListQuery, response: { 200: ExamList } }, preHandler: requirePermission('exams:read') },
    (request) => exams.list(request.em, callerOf(request), request.query),
  );

  app.post(
    '/exams',
    { schema: { body: CreateExamRequest, response: { 201: ExamView } }, preHandler: requirePermission('exams:create') },
    async (request, reply) => {
      const caller = callerOf(request);
      const exam = await inTransaction(request.em, (em) => exams.create(em, requestRecorder(em, deps, caller), caller, request.body));
      return send(reply.header('location', `/exams/${exam.id}`), exam, 201);
    },
  );

  app.get(
    '/exams/:id',
    { schema: { params: Params, response: { 200: ExamView } }, preHandler: requirePermission('exams:read') },
    async (request, reply) => send(reply, await exams.load(request.em, callerOf(request), request.params.id, 'read')),
  );

  app.patch(
    '/exams/:id',
    { schema: { params: Params, body: UpdateExamRequest, response: { 200: ExamView } }, preHandler: requirePermission('exams:manage') },
    async (request, reply) => {
      const caller = callerOf(request);
      const expected = requireIfMatch(request);
      const exam = await inTransaction(request.em, (em) =>
        exams.update(em, requestRecorder(em, deps, caller), caller, request.params.id, expected, request.body),
      );
      return send(reply, exam);
    },
  );

  app.delete('/exams/:id', { schema: { params: Params }, preHandler: requirePermission('exams:manage') }, async (request, reply) => {
    const caller = callerOf(request);
    const expected = requireIfMatch(request);
    await inTransaction(request.em, (em) => exams.remove(em, requestRecorder(em, deps, caller), caller, request.params.id, expected));
    return reply.code(204).send();
  });

  for (const command of Object.keys(EXAM_COMMANDS) as ExamCommand[]) {
    app.post(
      `/exams/:id/${command}`,
      { schema: { params: Params, response: { 200: ExamView } }, preHandler: requirePermission('exams:manage') },
      async (request, reply) => {
        const caller = callerOf(request);
        const exam = await inTransaction(request.em, (em) =>
          exams.move(em, requestRecorder(em, deps, caller), caller, request.params.id, command, ifMatch(request)),
        );
        return send(reply, exam);
      },
    );
  }
}
