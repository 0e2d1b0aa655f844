import { requirePermission, requirePrincipal } from '@gradeline/auth';
import {
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookList,
  WebhookUpdate,
} from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { auditContext } from '@gradeline/runtime';
import { z } from 'zod';
import { expectedVersion } from './precondition';
import { etagOf } from './webhook.views';
import { type WebhookService } from './webhook.service';

const Params = z.object({ id: z.uuid() });
const DeliveryParams = Params.extend({ deliveryId: z.uuid() });

/** `/webhooks` (under /api/v1): a school admin's subscriptions and their delivery log. */
export function webhookRoutes(app: KitServer, webhooks: WebhookService): void {
  const preHandler = requirePermission('webhooks:manage');
  const tenantOf = (request: Parameters<typeof requirePrincipal>[0]) => requirePrincipal(request).tenantId;

  app.post('/webhooks', { preHandler, schema: { body: WebhookCreate, response: { 201: WebhookCreated } } }, async (request, reply) => {
    const created = await request.em.transactional((em) => webhooks.create(em, auditContext(request), request.body));
    return reply.code(201).header('etag', etagOf(created.version)).header('location', `/api/v1/webhooks/${created.id}`).send(created);
  });

  app.get('/webhooks', { preHandler, schema: { response: { 200: WebhookList } } }, async (request) => ({
    items: await webhooks.list(request.em, tenantOf(request)),
  }));

  app.get('/webhooks/:id', { preHandler, schema: { params: Params, response: { 200: Webhook } } }, async (request, reply) => {
    const webhook = await webhooks.get(request.em, tenantOf(request), request.params.id);
    return reply.header('etag', etagOf(webhook.version)).send(webhook);
  });

  app.patch('/webhooks/:id', { preHandler, schema: { params: Params, body: WebhookUpdate, response: { 200: Webhook } } }, async (request, reply) => {
    const version = expectedVersion(request.headers['if-match']);
    const webhook = await request.em.transactional((em) => webhooks.update(em, auditContext(request), request.params.id, version, request.body));
    return reply.header('etag', etagOf(webhook.version)).send(webhook);
  });

  app.delete('/webhooks/:id', { preHandler, schema: { params: Params } }, async (request, reply) => {
    const version = expectedVersion(request.headers['if-match']);
    await request.em.transactional((em) => webhooks.remove(em, auditContext(request), request.params.id, version));
    return reply.code(204).send();
  });

  app.get(
    '/webhooks/:id/deliveries',
    { preHandler, schema: { params: Params, querystring: WebhookDeliveryQuery, response: { 200: WebhookDeliveryPage } } },
    (request) => webhooks.deliveries(request.em, tenantOf(request), request.params.id, request.query),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    { preHandler, schema: { params: DeliveryParams, response: { 202: WebhookDelivery } } },
    async (request, reply) => {
      const delivery = await request.em.transactional((em) => webhooks.redeliver(em, auditContext(request), request.params.id, request.params.deliveryId));
      return reply.code(202).send(delivery);
    },
  );
}
