import { requirePermission, requirePrincipal } from '@gradeline/auth';
import { CreateUser, CurrentUser, LinkDeliveryRequest, LinkIssued, UpdateUser, User, UserCreated, UserPage, UserQuery } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { z } from 'zod';
import { type Identity } from '../../identity';
import { TenantRecord } from '../tenants/tenant.entity';
import { expectedVersion, sendWithEtag } from '../shared/versioning';
import { UserService } from './user.service';
import { userView } from './user.view';

const Params = z.object({ id: z.uuid() });
const manage = requirePermission('users:manage');

/** /me and /users: a school's accounts, managed by its admins. */
export function userRoutes(app: KitServer, identity: Identity): UserService {
  const users = new UserService(identity);

  app.get('/me', { schema: { response: { 200: CurrentUser } } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const user = await identity.users.get(request.em, principal.tenantId, principal.userId);
    const tenant = await request.em.findOne(TenantRecord, { id: user.tenantId });
    const school = tenant && { id: tenant.id, code: tenant.code, name: tenant.name, timeZone: tenant.timeZone, settings: tenant.settings };
    return sendWithEtag(reply, { ...userView(user), tenant: school });
  });

  app.get('/users', { preHandler: requirePermission('users:read'), schema: { querystring: UserQuery, response: { 200: UserPage } } }, (request) =>
    users.list(request.em, requirePrincipal(request), request.query),
  );

  app.post('/users', { preHandler: manage, schema: { body: CreateUser, response: { 201: UserCreated } } }, async (request, reply) => {
    const created = await users.create(request.em, request, request.body);
    return reply.code(201).header('etag', `"${created.user.version}"`).send(created);
  });

  app.get('/users/:id', { preHandler: requirePermission('users:read'), schema: { params: Params, response: { 200: User } } }, async (request, reply) =>
    sendWithEtag(reply, await users.get(request.em, requirePrincipal(request), request.params.id)),
  );

  app.patch('/users/:id', { preHandler: manage, schema: { params: Params, body: UpdateUser, response: { 200: User } } }, async (request, reply) => {
    const expected = expectedVersion(request);
    return sendWithEtag(reply, await users.update(request.em, request, request.params.id, expected, request.body));
  });

  app.post('/users/:id/deactivate', { preHandler: manage, schema: { params: Params, response: { 200: User } } }, async (request, reply) =>
    sendWithEtag(reply, await users.setActive(request.em, request, request.params.id, false)),
  );

  app.post('/users/:id/reactivate', { preHandler: manage, schema: { params: Params, response: { 200: User } } }, async (request, reply) =>
    sendWithEtag(reply, await users.setActive(request.em, request, request.params.id, true)),
  );

  app.post(
    '/users/:id/reset-password',
    { preHandler: manage, schema: { params: Params, body: LinkDeliveryRequest, response: { 200: LinkIssued } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await users.resetPassword(request.em, request, request.params.id, request.body.delivery)),
  );
  return users;
}
