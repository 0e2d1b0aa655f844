import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { CreateRosterStudent, LinkDeliveryRequest, RosterStudent, RosterStudentInvited, RosterStudentPage, RosterStudentQuery, UpdateRosterStudent } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { z } from 'zod';
import { type Identity } from '../../identity';
import { expectedVersion, sendWithEtag } from '../shared/versioning';
import { type UserService } from '../users/user.service';
import { StudentInvitations } from './student-invite.service';
import { StudentService } from './student.service';
import { studentView } from './student.view';

const Params = z.object({ id: z.uuid() });
const read = requirePermission('students:read');
const manage = requirePermission('students:manage');

/** /students: the roster (the CSV import is in modules/roster). */
export function studentRoutes(app: KitServer, identity: Identity, users: UserService): StudentService {
  const students = new StudentService(identity, users);
  const invitations = new StudentInvitations(identity, students, users);

  app.get('/students', { preHandler: read, schema: { querystring: RosterStudentQuery, response: { 200: RosterStudentPage } } }, (request) =>
    students.list(request.em, requirePrincipal(request), request.query),
  );

  app.post('/students', { preHandler: manage, schema: { body: CreateRosterStudent, response: { 201: RosterStudent } } }, async (request, reply) => {
    const student = await students.create(request.em, request, request.body);
    return reply.code(201).header('etag', `"${student.version}"`).send(student);
  });

  app.get('/students/:id', { preHandler: read, schema: { params: Params, response: { 200: RosterStudent } } }, async (request, reply) =>
    sendWithEtag(reply, studentView(await students.get(request.em, requirePrincipal(request).tenantId, request.params.id))),
  );

  app.patch('/students/:id', { preHandler: manage, schema: { params: Params, body: UpdateRosterStudent, response: { 200: RosterStudent } } }, async (request, reply) => {
    const expected = expectedVersion(request);
    return sendWithEtag(reply, await students.update(request.em, request, request.params.id, expected, request.body));
  });

  app.delete('/students/:id', { preHandler: manage, schema: { params: Params } }, async (request, reply) => {
    // If-Match is optional here: removing is the same whatever was edited meanwhile, but a client may guard it.
    const expected = request.headers['if-match'] ? expectedVersion(request) : null;
    await students.remove(request.em, request, request.params.id, expected);
    return reply.code(204).send();
  });

  app.post(
    '/students/:id/invite',
    { preHandler: manage, schema: { params: Params, body: LinkDeliveryRequest, response: { 200: RosterStudentInvited } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await invitations.invite(request.em, request, request.params.id, request.body.delivery)),
  );
  return students;
}
