// The messaging bench's world: its event, the consumer's effect, the producer's business row and
// the database they live in; shared by the suite and its child processes.
import { randomUUID } from 'node:crypto';
import { createOrm, platformMigrations, type MikroORM } from '@gradeline/db';
import { defineConsumer, type Bus } from '@gradeline/messaging';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import pino from 'pino';

export const TENANT = '0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const TYPE = 'identity.user.deactivated.v1';
export const RAW_TYPE = 'exam.copy.ready.v1';

/** What the consumer's handler writes: one row per handling (no unique key), so a duplicate effect would show. */
export class Effect {
  id?: number;
  messageId!: string;
}
export const effectEntity = new EntitySchema<Effect>({
  class: Effect,
  tableName: 'effect',
  properties: { id: { type: 'integer', primary: true, autoincrement: true }, messageId: { type: 'uuid' } },
});

/** The producer's business change, committed with its event. */
export class Deactivation {
  userId!: string;
  at!: Date;
}
export const deactivationEntity = new EntitySchema<Deactivation>({
  class: Deactivation,
  tableName: 'deactivation',
  properties: { userId: { type: 'uuid', primary: true }, at: { type: 'datetime' } },
});

class MigrationBenchEffects extends Migration {
  override up(): void {
    this.addSql('create table "effect" ("id" serial primary key, "message_id" uuid not null);');
    this.addSql('create table "deactivation" ("user_id" uuid primary key, "at" timestamptz not null);');
  }
}

/** The consumer of the reliable path, with the library's default concurrency and batch size. */
export const effects = defineConsumer({
  purpose: 'effects',
  type: TYPE,
  handler: (envelope, ctx) => {
    ctx.em.persist(Object.assign(new Effect(), { messageId: envelope.id }));
    return Promise.resolve();
  },
});
export const RAW_DURABLE = 'bench--raw';

export interface Setup {
  dbUrl: string;
  natsUrl: string;
  namespace: string;
}

export const quiet = pino({ level: 'warn' });

export function benchOrm(url: string, pool: number): Promise<MikroORM> {
  const migrations = [...platformMigrations, MigrationBenchEffects];
  return createOrm({ service: 'bench', url, entities: [effectEntity, deactivationEntity], migrations, pool: { max: pool } });
}

/** A body of the size and shape the relay publishes (an envelope of the bench's event). */
export function rawBody(): string {
  const id = randomUUID();
  const envelope = { id, type: TYPE, tenantId: TENANT, occurredAt: new Date().toISOString(), correlationId: 'bench', causationId: null, data: { userId: randomUUID() } };
  return JSON.stringify(envelope);
}

/** Publishes with a window of 1,000 PubAcks outstanding, each with a Nats-Msg-Id as the relay does. */
export async function publishAll(bus: Bus, count: number): Promise<void> {
  const window = 1_000;
  const subject = bus.subject(RAW_TYPE);
  for (let sent = 0; sent < count; sent += window) {
    const n = Math.min(window, count - sent);
    await Promise.all(Array.from({ length: n }, () => bus.js.publish(subject, rawBody(), { msgID: randomUUID() })));
  }
}
