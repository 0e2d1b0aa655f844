import { requirePermission } from '@gradeline/auth';
import {
  AcceptSuggestionsRequest,
  AcceptSuggestionsResult,
  CopyView,
  Id,
  IdentificationDesk,
  IdentifyRequest,
  MarkBlankRequest,
  Pagination,
  RosterList,
  RosterQuery,
} from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ServiceDeps } from '@gradeline/runtime';
import { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../http/caller';
import { inRequestTransaction } from '../../http/change-recorder';
import { etag, ifMatch } from '../../http/versioning';
import { type Copy } from '../copy/copy.entity';
import { copyView } from '../copy/copy.view';
import { type DeskService } from './desk.service';
import { type IdentificationService } from './identification.service';
import { type ReadingService } from './reading.service';

const Params = z.object({ id: Id });

export interface IdentificationModules {
  identification: IdentificationService;
  readings: ReadingService;
  desk: DeskService;
}

const sendCopy = (reply: FastifyReply, copy: Copy) => reply.header('etag', etag(copy.version)).send(copyView(copy));

/**
 * The identification desk: `/exams/:id/identification`, `/copies/:id/identify`, `mark-blank`,
 * the undo, bulk acceptance, the roster search and absent students. Desk commands on one copy
 * check If-Match when it is sent (their own rules refuse a repeat anyway).
 */
export function identificationRoutes(app: KitServer, deps: ServiceDeps, { identification, readings, desk }: IdentificationModules): void {
  const identify = requirePermission('copies:identify');

  app.get(
    '/exams/:id/identification',
    { schema: { params: Params, querystring: Pagination, response: { 200: IdentificationDesk } }, preHandler: identify },
    (request) => desk.desk(request.em, callerOf(request), request.params.id, request.query),
  );

  app.post(
    '/copies/:id/identify',
    { schema: { params: Params, body: IdentifyRequest, response: { 200: CopyView } }, preHandler: identify },
    async (request, reply) => {
      const copy = await inRequestTransaction(request, deps, (em, changes, caller) =>
        identification.identify(em, changes, caller, request.params.id, request.body.studentId, ifMatch(request)),
      );
      return sendCopy(reply, copy);
    },
  );

  app.post(
    '/copies/:id/mark-blank',
    { schema: { params: Params, body: MarkBlankRequest, response: { 200: CopyView } }, preHandler: identify },
    async (request, reply) => {
      const copy = await inRequestTransaction(request, deps, (em, changes, caller) =>
        identification.markBlank(em, changes, caller, request.params.id, request.body.reason, ifMatch(request)),
      );
      return sendCopy(reply, copy);
    },
  );

  app.delete('/copies/:id/identification', { schema: { params: Params, response: { 200: CopyView } }, preHandler: identify }, async (request, reply) => {
    const copy = await inRequestTransaction(request, deps, (em, changes, caller) => identification.undo(em, changes, caller, request.params.id, ifMatch(request)));
    return sendCopy(reply, copy);
  });

  app.post(
    '/exams/:id/identification/accept',
    { schema: { params: Params, body: AcceptSuggestionsRequest, response: { 200: AcceptSuggestionsResult } }, preHandler: identify },
    (request) => inRequestTransaction(request, deps, (em, changes, caller) => readings.acceptSuggestions(em, changes, caller, request.params.id, request.body.minScore)),
  );

  app.get(
    '/exams/:id/roster',
    { schema: { params: Params, querystring: RosterQuery, response: { 200: RosterList } }, preHandler: identify },
    (request) => desk.roster(request.em, callerOf(request), request.params.id, request.query),
  );

  app.get(
    '/exams/:id/absent-students',
    { schema: { params: Params, response: { 200: RosterList } }, preHandler: requirePermission('exams:read') },
    (request) => desk.absentStudents(request.em, callerOf(request), request.params.id),
  );
}
