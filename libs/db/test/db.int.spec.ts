import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EntitySchema } from '@mikro-orm/core';
import { createTestDatabase, testPostgresUrl, uniqueName, type TestDatabase } from '@gradeline/testing';
import fastify from 'fastify';
import { Client } from 'pg';
import {
  OutboxMessage,
  createMigration,
  createOrm,
  ensureDatabase,
  migrate,
  onOutboxCommit,
  ormRequestContext,
  persistOutboxRow,
  platformMigrations,
  runMigrationsCli,
  type MikroORM,
} from '../src';

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
}

function urlFor(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('service databases', () => {
  let adminUrl: string;
  const created: string[] = [];

  beforeAll(async () => {
    adminUrl = await testPostgresUrl();
  });
  afterAll(async () => {
    for (const name of created) await dropDatabase(adminUrl, name);
  });

  it('creates a missing database once, even when two processes race for it', async () => {
    const name = uniqueName('gl_test_');
    created.push(name);
    const results = await Promise.all([ensureDatabase(urlFor(adminUrl, name)), ensureDatabase(urlFor(adminUrl, name))]);
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(await ensureDatabase(urlFor(adminUrl, name))).toBe(false);
    const c = new Client({ connectionString: urlFor(adminUrl, name) });
    await c.connect();
    await c.end();
  });

  it('the migrate command creates the database and applies the platform migration once', async () => {
    const name = uniqueName('gl_test_');
    created.push(name);
    const options = { service: 'sample', url: urlFor(adminUrl, name), entities: [], migrations: platformMigrations };
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runMigrationsCli(options)).toEqual([
        'Migration20250101000000Platform',
        'Migration20250101000001AuditLog',
        'Migration20250101000002InboxProcessedAt',
        'Migration20250101000003OutboxNoNotify',
      ]);
      expect(await runMigrationsCli(options)).toEqual([]);
    } finally {
      write.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
  });
});

describe('an ORM on a migrated service database', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await createOrm({ service: 'sample', url: db.url, entities: [], migrations: platformMigrations });
    await migrate(orm);
  });
  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('has the platform tables exactly as the entities describe them (no diff for services to trip on)', async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('refuses the global EntityManager, so every unit of work forks its own', () => {
    expect(() => orm.em.create(OutboxMessage, {} as OutboxMessage)).toThrow(/global EntityManager/i);
  });

  it('writes outbox rows with their transaction and signals each commit in-process, not a rollback', async () => {
    let signals = 0;
    const unsubscribe = onOutboxCommit(orm, () => signals++)!;
    const row = (): OutboxMessage =>
      Object.assign(new OutboxMessage(), {
        id: randomUUID(),
        type: 'identity.user.deactivated.v1',
        tenantId: '6f1c2a44-0d55-4b6f-8d3e-2b1f4c8a9e10',
        payload: { n: 1 },
        headers: { traceparent: 't' },
      });
    const stored = async (r: OutboxMessage) => (await orm.em.fork().findOne(OutboxMessage, { id: r.id })) !== null;
    try {
      // Outside a transaction the row is flushed as an entity, in the flush's own transaction.
      const plain = orm.em.fork();
      const a = row();
      persistOutboxRow(plain, a);
      await plain.flush();
      expect(signals).toBe(1);

      // In a transaction it is written just before the commit; the signal follows the commit.
      const b = row();
      await orm.em.fork().transactional(async (em) => {
        persistOutboxRow(em, b);
        await em.flush();
        expect(await stored(b)).toBe(false);
        expect(signals).toBe(1);
      });
      expect(signals).toBe(2);
      expect(await orm.em.fork().findOneOrFail(OutboxMessage, { id: b.id })).toMatchObject({ payload: { n: 1 }, headers: { traceparent: 't' }, sentAt: null });

      // A savepoint rolled back alone takes its rows with it; the outer transaction keeps its own.
      const [c, d] = [row(), row()];
      await orm.em.fork().transactional(async (em) => {
        persistOutboxRow(em, c);
        await expect(
          em.transactional(async (inner) => {
            persistOutboxRow(inner, d);
            await inner.flush();
            throw new Error('savepoint rolled back');
          }),
        ).rejects.toThrow('savepoint rolled back');
      });
      expect(signals).toBe(3);

      const e = row();
      await expect(
        orm.em.fork().transactional((em) => {
          persistOutboxRow(em, e);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await orm.em.fork().transactional((em) => em.execute('select 1'));
      expect(signals).toBe(3);
      expect(await Promise.all([a, b, c, d, e].map(stored))).toEqual([true, true, true, false, false]);
    } finally {
      unsubscribe();
    }
  });

  it('has no NOTIFY trigger left on the outbox', async () => {
    const rows = await orm.em.fork().execute<Array<{ tgname: string }>>("select tgname from pg_trigger where tgrelid = 'outbox'::regclass and not tgisinternal");
    expect(rows).toEqual([]);
  });

  it('gives each HTTP request its own EntityManager', async () => {
    const app = fastify();
    ormRequestContext(app, orm);
    const seen: unknown[] = [];
    app.get('/', (request) => {
      seen.push(request.em);
      // Forked on first use, then the same one for the rest of the request.
      expect(request.em).toBe(seen[seen.length - 1]);
      return { id: request.em.id };
    });
    const first = await app.inject({ url: '/' });
    const second = await app.inject({ url: '/' });
    await app.close();
    expect(first.json<{ id: number }>().id).not.toBe(second.json<{ id: number }>().id);
    expect(seen[0]).not.toBe(orm.em);
  });
});

describe('creating a migration from the entity diff', () => {
  let db: TestDatabase;
  let dir: string;
  const Note = new EntitySchema<{ id: string; body: string }>({
    name: 'Note',
    tableName: 'note',
    properties: { id: { type: 'uuid', primary: true }, body: { type: 'text' } },
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-migrations-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes only the service table, never the platform ones', async () => {
    const options = { service: 'sample', url: db.url, entities: [Note], migrations: platformMigrations, dir, name: 'notes' };
    const created = await createMigration(options);
    expect(created).not.toBeNull();
    expect(created!.className).toMatch(/^Migration\d{14}_notes$/);
    const text = fs.readFileSync(created!.path, 'utf8');
    expect(text).toContain('create table "note"');
    expect(text).not.toMatch(/outbox|inbox|dead_letter/);
  });

  it('writes nothing when the entities match the database', async () => {
    const options = { service: 'sample', url: db.url, entities: [], migrations: platformMigrations, dir };
    expect(await createMigration(options)).toBeNull();
  });
});
