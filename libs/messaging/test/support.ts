import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { type Envelope } from '@gradeline/contracts';
import { Migration } from '@mikro-orm/migrations';
import { createOrm, migrate, platformMigrations, type MikroORM } from '@gradeline/db';
import { createTestDatabase, testNamespace, testNatsUrl, type TestDatabase } from '@gradeline/testing';
import pino from 'pino';
import { connectBus, type Bus } from '../src';

/** A row a handler writes: counting them is counting effects. */
export class Effect {
  id: string = randomUUID();
  label!: string;
  messageId!: string | null;
}

export const effectEntity = new EntitySchema<Effect>({
  class: Effect,
  tableName: 'effect',
  properties: {
    id: { type: 'uuid', primary: true },
    label: { type: 'text' },
    messageId: { type: 'uuid', nullable: true },
  },
});

export class MigrationTestEffects extends Migration {
  override up(): void {
    this.addSql('create table "effect" ("id" uuid not null, "label" text not null, "message_id" uuid null, constraint "effect_pkey" primary key ("id"));');
  }
}

export const migrations = [...platformMigrations, { name: 'MigrationTestEffects', class: MigrationTestEffects }];
export const silent = pino({ level: 'silent' });
export const TENANT = '3d0c5c7e-1f7a-4c55-9a43-6b1e2f0d9c11';

export interface Env {
  db: TestDatabase;
  orm: MikroORM;
  bus: Bus;
  close(): Promise<void>;
}

/** A database of its own (migrated) and a NATS namespace of its own for one test file. */
export async function setUp(): Promise<Env> {
  const db = await createTestDatabase();
  const orm = await createOrm({ service: 'sample', url: db.url, entities: [effectEntity], migrations, pool: { max: 12 } });
  await migrate(orm);
  const bus = await connectBus({ url: await testNatsUrl(), name: 'messaging-test', namespace: testNamespace() });
  return {
    db,
    orm,
    bus,
    close: async () => {
      for await (const name of bus.jsm.streams.names()) if (name.startsWith(`${bus.namespace}_`)) await bus.jsm.streams.delete(name);
      await bus.close();
      await orm.close(true);
      await db.drop();
    },
  };
}

export async function effects(orm: MikroORM, label?: string): Promise<Effect[]> {
  return orm.em.fork().find(Effect, label ? { label } : {});
}

/** Polls until `check` is true (or fails with `what`). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A valid envelope built by hand, as another service's relay would publish it. */
export function userDeactivated(userId = randomUUID()): Envelope<'identity.user.deactivated.v1'> {
  return {
    id: randomUUID(),
    type: 'identity.user.deactivated.v1',
    tenantId: TENANT,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    data: { userId },
  };
}
