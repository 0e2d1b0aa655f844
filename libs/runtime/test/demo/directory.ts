// A demonstration service used only by the runtime's end-to-end test: a staff directory kept from
// identity's user events, with one command that publishes an event through the outbox and one
// upload kept in object storage. Every platform piece is exercised through it.
import { Readable } from 'node:stream';
import { assertSameTenant, requirePermission, requirePrincipal, type Principal } from '@gradeline/auth';
import { platformMigrations, type EntityManager } from '@gradeline/db';
import { notFound } from '@gradeline/kit';
import { defineConsumer } from '@gradeline/messaging';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { z } from 'zod';
import { auditContext } from '../../src/audit';
import { RuntimeConfig } from '../../src/config';
import { type ServiceDefinition } from '../../src/definition';

export class DirectoryEntry {
  id!: string;
  tenantId!: string;
  username!: string;
  active = true;
  deactivationSeen = false;
  photoKey: string | null = null;
}

const directoryEntryEntity = new EntitySchema<DirectoryEntry>({
  class: DirectoryEntry,
  tableName: 'directory_entry',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    username: { type: 'text' },
    active: { type: 'boolean' },
    deactivationSeen: { type: 'boolean' },
    photoKey: { type: 'text', nullable: true },
  },
});

class Migration20250102000000Directory extends Migration {
  override up(): void {
    this.addSql(
      'create table "directory_entry" ("id" uuid not null primary key, "tenant_id" uuid not null, "username" text not null, "active" boolean not null, "deactivation_seen" boolean not null, "photo_key" text null);',
    );
  }
}

const Params = z.object({ id: z.uuid() });

export const directoryService: ServiceDefinition = {
  name: 'identity',
  config: RuntimeConfig,
  entities: [directoryEntryEntity],
  migrations: [...platformMigrations, { name: 'Migration20250102000000Directory', class: Migration20250102000000Directory }],
  consumers: () => [
    defineConsumer({
      purpose: 'directory',
      type: 'identity.user.created.v1',
      handler: async (envelope, ctx) => {
        const entry = Object.assign(new DirectoryEntry(), { id: envelope.data.userId, tenantId: envelope.tenantId, username: envelope.data.username });
        ctx.em.persist(entry);
      },
    }),
    defineConsumer({
      purpose: 'deactivations',
      type: 'identity.user.deactivated.v1',
      handler: async (envelope, ctx) => {
        const entry = await ctx.em.findOneOrFail(DirectoryEntry, { id: envelope.data.userId, tenantId: envelope.tenantId });
        entry.deactivationSeen = true;
      },
    }),
  ],
  routes(app, { outbox, store, audit }) {
    const load = async (em: EntityManager, id: string, principal: Principal) => {
      const entry = await em.findOne(DirectoryEntry, { id });
      if (!entry) throw notFound('entry');
      assertSameTenant(principal, entry.tenantId);
      return entry;
    };
    app.get('/directory/:id', { schema: { params: Params } }, async (request) => {
      return load(request.em, request.params.id, requirePrincipal(request));
    });
    app.post('/directory/:id/deactivate', { schema: { params: Params }, preHandler: requirePermission('users:manage') }, async (request) => {
      const principal = requirePrincipal(request);
      return request.em.transactional(async (em) => {
        const entry = await load(em, request.params.id, principal);
        entry.active = false;
        audit.record(em, { ...auditContext(request), action: 'user.deactivated', subjectType: 'user', subjectId: entry.id });
        outbox.record(em, {
          type: 'identity.user.deactivated.v1',
          tenantId: principal.tenantId,
          correlationId: request.id,
          actor: { kind: 'user', userId: principal.userId, role: principal.role },
          data: { userId: entry.id },
        });
        return entry;
      });
    });
    app.put('/directory/:id/photo', { schema: { params: Params } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const entry = await load(request.em, request.params.id, principal);
      entry.photoKey = `${principal.tenantId}/photos/${entry.id}`;
      await store.put(entry.photoKey, Readable.from([request.body as Buffer]), { contentType: 'image/jpeg' });
      await request.em.flush();
      return reply.code(204).send();
    });
    app.get('/directory/:id/photo-url', { schema: { params: Params } }, async (request) => {
      const entry = await load(request.em, request.params.id, requirePrincipal(request));
      if (!entry.photoKey) throw notFound('photo');
      return { url: await store.signedReadUrl(entry.photoKey, { expiresInSeconds: 60 }) };
    });
    app.addContentTypeParser('image/jpeg', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  },
};
