// Events per second through the reliable path (business transaction with its outbox row → relay →
// JetStream → consumer with inbox, counting effects) against raw JetStream publish + consume,
// measured in the same run, with the CPU each costs per event: this process (producers, relay
// and consumer alike) and the PostgreSQL backends of the bench database.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { createOrm, migrate, platformMigrations, type MikroORM } from '@gradeline/db';
import {
  ConsumerRunner,
  connectBus,
  defineConsumer,
  ensureTopology,
  Outbox,
  OutboxRelay,
  type Bus,
} from '@gradeline/messaging';
import { createTestDatabase, testNamespace, testNatsUrl } from '@gradeline/testing';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import pino from 'pino';
import { round, timed, type Figure, type Suite } from '../harness';

const RAW_MESSAGES = 20_000;
const WARM_UP = 1_000;
const CONCURRENCY = 8;
const CONSUMER_BATCH = 20;
const RELAY_BATCH = 1_000;
const TENANT = '0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** How the producing side writes: `producers` business transactions at once, each recording `perTransaction` events. */
interface Writers {
  producers: number;
  perTransaction: number;
  events: number;
  label: string;
}
/** Request handlers: one business change and its one event per transaction. The goal is measured on this. */
const SINGLE: Writers = { producers: 8, perTransaction: 1, events: 5_000, label: '8 producers, one event per business transaction' };
/** Bulk operations (dispatching an exam, accepting a page of suggestions): many events per transaction. */
const BULK: Writers = { producers: 4, perTransaction: 100, events: 20_000, label: '4 producers, 100 events per business transaction' };

/** What the consumer's handler writes: one row per event, so counting rows counts effects. */
class Effect {
  messageId!: string;
}
const effectEntity = new EntitySchema<Effect>({ class: Effect, tableName: 'effect', properties: { messageId: { type: 'uuid', primary: true } } });

/** The producer's business change, committed with its event. */
class Deactivation {
  userId!: string;
  at!: Date;
}
const deactivationEntity = new EntitySchema<Deactivation>({
  class: Deactivation,
  tableName: 'deactivation',
  properties: { userId: { type: 'uuid', primary: true }, at: { type: 'datetime' } },
});

class MigrationBenchEffects extends Migration {
  override up(): void {
    this.addSql('create table "effect" ("message_id" uuid primary key);');
    this.addSql('create table "deactivation" ("user_id" uuid primary key, "at" timestamptz not null);');
  }
}

/** CPU seconds of this process and of each PostgreSQL backend serving the bench database (Linux /proc). */
interface CpuReading {
  node: number;
  postgres: Map<number, number>;
}

async function postgresCpu(orm: MikroORM): Promise<Map<number, number>> {
  const rows = await orm.em.fork().execute<Array<{ pid: number }>>('select pid from pg_stat_activity where datname = current_database()');
  const readings = await Promise.all(
    rows.map(async ({ pid }) => {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      const fields = stat?.split(') ')[1]?.split(' ');
      return [pid, fields ? (Number(fields[11]) + Number(fields[12])) / 100 : 0] as const;
    }),
  );
  return new Map(readings);
}

async function readCpu(orm?: MikroORM): Promise<CpuReading> {
  const { user, system } = process.cpuUsage();
  return { node: (user + system) / 1e6, postgres: orm ? await postgresCpu(orm) : new Map() };
}

interface Run {
  rate: number;
  /** Milliseconds of CPU per event. */
  node: number;
  postgres: number;
}

/** Times `fn` and charges the CPU used meanwhile to `events` events (a backend born in between counts from zero). */
async function measure(orm: MikroORM | undefined, events: number, fn: () => Promise<void>): Promise<Run> {
  const before = await readCpu(orm);
  const seconds = await timed(fn);
  const after = await readCpu(orm);
  let postgres = 0;
  for (const [pid, s] of after.postgres) postgres += s - (before.postgres.get(pid) ?? 0);
  return { rate: events / seconds, node: ((after.node - before.node) * 1000) / events, postgres: (postgres * 1000) / events };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

async function effectCount(orm: MikroORM): Promise<number> {
  const [row] = await orm.em.fork().execute<Array<{ n: string }>>('select count(*) as n from effect');
  return Number(row!.n);
}

/**
 * Writes `events` events the way services do: `producers` MikroORM transactions at once, each
 * inserting one business row per event and recording the event through the Outbox (or, with
 * `withEvents` false, the same business transactions without events: what the producers cost alone).
 */
async function write(orm: MikroORM, writers: Writers, events: number, withEvents = true): Promise<void> {
  const outbox = new Outbox();
  let left = events;
  const producer = async () => {
    while (left > 0) {
      const n = Math.min(writers.perTransaction, left);
      left -= n;
      await orm.em.fork().transactional((em) => {
        for (let i = 0; i < n; i++) {
          const userId = randomUUID();
          em.persist(Object.assign(new Deactivation(), { userId, at: new Date() }));
          if (withEvents) outbox.record(em, { type: 'identity.user.deactivated.v1', tenantId: TENANT, correlationId: 'bench', data: { userId } });
        }
        return Promise.resolve();
      });
    }
  };
  await Promise.all(Array.from({ length: writers.producers }, producer));
}

/** The relay and the consumer of the reliable path, running while `body` writes. */
async function withPipeline<T>(orm: MikroORM, bus: Bus, body: () => Promise<T>): Promise<T> {
  const logger = pino({ level: 'warn' });
  const consumer = defineConsumer({
    purpose: 'effects',
    type: 'identity.user.deactivated.v1',
    concurrency: CONCURRENCY,
    batchSize: CONSUMER_BATCH,
    handler: (envelope, ctx) => {
      ctx.em.persist(Object.assign(new Effect(), { messageId: envelope.id }));
      return Promise.resolve();
    },
  });
  await ensureTopology(bus, { streams: ['identity'], service: 'bench', consumers: [consumer] });
  const relay = new OutboxRelay({ orm, bus, logger, batchSize: RELAY_BATCH });
  const runner = new ConsumerRunner({ orm, bus, logger, service: 'bench', consumers: [consumer] });
  relay.start();
  await runner.start();
  try {
    return await body();
  } finally {
    await runner.stop();
    await relay.stop();
  }
}

/** Writes with `writers` until every event has had its effect; checks that each had exactly one. */
async function reliable(orm: MikroORM, writers: Writers): Promise<Run> {
  const base = await effectCount(orm);
  const run = await measure(orm, writers.events, async () => {
    await write(orm, writers, writers.events);
    await until(async () => (await effectCount(orm)) >= base + writers.events);
  });
  const total = await effectCount(orm);
  if (total !== base + writers.events) throw new Error(`expected ${base + writers.events} effects, counted ${total}`);
  return run;
}

async function publishAll(bus: Bus, subject: string, count: number): Promise<void> {
  const window = 1_000;
  for (let sent = 0; sent < count; sent += window) {
    const n = Math.min(window, count - sent);
    await Promise.all(Array.from({ length: n }, (_, i) => bus.js.publish(subject, JSON.stringify({ i: sent + i, id: randomUUID() }), { msgID: randomUUID() })));
  }
}

/** Publishes with a window of 1,000 PubAcks outstanding while one consumer acks each message. */
async function raw(bus: Bus, log: (m: string) => void): Promise<Run> {
  await ensureTopology(bus, { streams: ['exam'] });
  const stream = bus.stream('exam');
  const subject = bus.subject('exam.copy.ready.v1');
  await bus.jsm.consumers.add(stream, { durable_name: 'bench--raw', filter_subject: subject, ack_policy: 'explicit' as never, max_deliver: 8 });
  const consumer = await bus.js.consumers.get(stream, 'bench--raw');
  let received = 0;
  const messages = await consumer.consume({ max_messages: 1_000 });
  const loop = (async () => {
    for await (const m of messages) {
      m.ack();
      received++;
    }
  })();
  await publishAll(bus, subject, WARM_UP);
  await until(() => Promise.resolve(received >= WARM_UP));
  log(`raw: warmed up with ${WARM_UP}`);
  const run = await measure(undefined, RAW_MESSAGES, async () => {
    await publishAll(bus, subject, RAW_MESSAGES);
    await until(() => Promise.resolve(received >= WARM_UP + RAW_MESSAGES));
  });
  await messages.close();
  await loop;
  return run;
}

function load(): string {
  return `load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}

const suite: Suite = {
  name: 'messaging',
  description: `outbox → relay → JetStream → consumer with inbox (${SINGLE.label}; ${BULK.label}) against raw JetStream publish + consume`,
  async run({ log }) {
    const db = await createTestDatabase('gl_bench_');
    const orm = await createOrm({
      service: 'bench',
      url: db.url,
      entities: [effectEntity, deactivationEntity],
      migrations: [...platformMigrations, MigrationBenchEffects],
      pool: { max: SINGLE.producers + CONCURRENCY + 2 },
    });
    const bus = await connectBus({ url: await testNatsUrl(), name: 'bench', namespace: testNamespace() });
    try {
      await migrate(orm);
      const rawRun = await raw(bus, log);
      const rawLoad = load();
      log(`raw: ${round(rawRun.rate)} msg/s`);
      const alone = await measure(orm, SINGLE.events, () => write(orm, SINGLE, SINGLE.events, false));
      log(`business transactions alone: ${round(alone.rate)} /s`);
      const [single, bulk] = await withPipeline(orm, bus, async () => {
        await write(orm, SINGLE, WARM_UP);
        await until(async () => (await effectCount(orm)) >= WARM_UP);
        log(`reliable: warmed up with ${WARM_UP}`);
        const one = await reliable(orm, SINGLE);
        log(`reliable, ${SINGLE.label}: ${round(one.rate)} events/s`);
        const many = await reliable(orm, BULK);
        log(`reliable, ${BULK.label}: ${round(many.rate)} events/s`);
        return [one, many];
      });
      const pipeline = `relay batch ${RELAY_BATCH}; consumer concurrency ${CONCURRENCY}, batches up to ${CONSUMER_BATCH}; ${load()}`;
      const ratio = single.rate / rawRun.rate;
      const figures: Figure[] = [
        { name: 'raw JetStream publish+consume', value: round(rawRun.rate), unit: 'msg/s', notes: `window of 1,000 publishes; ${rawLoad}` },
        { name: 'raw CPU, this process', value: round(rawRun.node, 3), unit: 'ms/msg' },
        { name: 'reliable end-to-end', value: round(single.rate), unit: 'events/s', notes: `${SINGLE.label}; ${pipeline}` },
        { name: 'reliable / raw', value: round(ratio * 100, 1), unit: '%', goal: 'at least 25%', met: ratio >= 0.25 },
        { name: 'reliable CPU, this process', value: round(single.node, 3), unit: 'ms/event', notes: 'producers, relay and consumer' },
        { name: 'reliable CPU, PostgreSQL', value: round(single.postgres, 3), unit: 'ms/event', notes: 'backends of the bench database' },
        { name: 'business transactions alone', value: round(alone.rate), unit: 'tx/s', notes: 'the same producers without events, relay or consumer' },
        { name: 'business transactions alone CPU, this process', value: round(alone.node, 3), unit: 'ms/tx' },
        { name: 'business transactions alone CPU, PostgreSQL', value: round(alone.postgres, 3), unit: 'ms/tx' },
        { name: 'reliable end-to-end, bulk writers', value: round(bulk.rate), unit: 'events/s', notes: BULK.label },
        { name: 'reliable / raw, bulk writers', value: round((bulk.rate / rawRun.rate) * 100, 1), unit: '%' },
        { name: 'reliable CPU, bulk writers, this process', value: round(bulk.node, 3), unit: 'ms/event' },
        { name: 'reliable CPU, bulk writers, PostgreSQL', value: round(bulk.postgres, 3), unit: 'ms/event' },
      ];
      return figures;
    } finally {
      for await (const name of bus.jsm.streams.names()) if (name.startsWith(`${bus.namespace}_`)) await bus.jsm.streams.delete(name);
      await bus.close();
      await orm.close(true);
      await db.drop();
    }
  },
};

export default suite;
