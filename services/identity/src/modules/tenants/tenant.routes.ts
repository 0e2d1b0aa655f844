import { requirePermission } from '@gradeline/auth';
import { CreateTenant, Tenant, TenantCreated, TenantPage, TenantQuery, UpdateTenant } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { z } from 'zod';
import { type Identity } from '../../identity';
import { expectedVersion, sendWithEtag } from '../shared/versioning';
import { type UserService } from '../users/user.service';
import { TenantService, tenantView } from './tenant.service';

const Params = z.object({ id: z.uuid() });

/** /tenants: platform admins create and edit schools (they see no school's data). */
export function tenantRoutes(app: KitServer, identity: Identity, users: UserService): void {
  const tenants = new TenantService(identity, users);
  const preHandler = requirePermission('tenants:manage');

  app.get('/tenants', { preHandler, schema: { querystring: TenantQuery, response: { 200: TenantPage } } }, (request) => tenants.list(request.em, request.query));

  app.post('/tenants', { preHandler, schema: { body: CreateTenant, response: { 201: TenantCreated } } }, async (request, reply) => {
    const created = await tenants.create(request.em, request, request.body);
    return reply.code(201).header('etag', `"${created.tenant.version}"`).header('cache-control', 'no-store').send(created);
  });

  app.get('/tenants/:id', { preHandler, schema: { params: Params, response: { 200: Tenant } } }, async (request, reply) =>
    sendWithEtag(reply, tenantView(await tenants.get(request.em, request.params.id))),
  );

  app.patch('/tenants/:id', { preHandler, schema: { params: Params, body: UpdateTenant, response: { 200: Tenant } } }, async (request, reply) => {
    const expected = expectedVersion(request);
    return sendWithEtag(reply, await tenants.update(request.em, request, request.params.id, expected, request.body));
  });
}
