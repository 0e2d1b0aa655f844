// Events per second through the reliable path (outbox row → relay → JetStream → consumer with inbox,
// counting effects) against raw JetStream publish + consume, measured in the same run.
import { randomUUID } from 'node:crypto';
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

const MESSAGES = 20_000;
const WARM_UP = 2_000;
const WRITE_BATCH = 100;
const CONCURRENCY = 8;
const CONSUMER_BATCH = 20;
const RELAY_BATCH = 1_000;
const TENANT = '0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** What the consumer's handler writes: one row per event, so counting rows counts effects. */
class Effect {
  messageId!: string;
}
const effectEntity = new EntitySchema<Effect>({ class: Effect, tableName: 'effect', properties: { messageId: { type: 'uuid', primary: true } } });

class MigrationBenchEffects extends Migration {
  override up(): void {
    this.addSql('create table "effect" ("message_id" uuid primary key);');
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

async function effectCount(orm: MikroORM): Promise<number> {
  const [row] = await orm.em.fork().execute<Array<{ n: string }>>('select count(*) as n from effect');
  return Number(row!.n);
}

/** Writes `count` outbox rows, WRITE_BATCH per transaction, four writers at once (like request handlers). */
async function writeEvents(orm: MikroORM, count: number): Promise<void> {
  const outbox = new Outbox();
  const batches = Array.from({ length: Math.ceil(count / WRITE_BATCH) }, (_, i) => Math.min(WRITE_BATCH, count - i * WRITE_BATCH));
  const writer = async () => {
    for (let size = batches.pop(); size !== undefined; size = batches.pop()) {
      const n = size;
      await orm.em.fork().transactional((em) => {
        for (let i = 0; i < n; i++) {
          outbox.record(em, { type: 'identity.user.deactivated.v1', tenantId: TENANT, correlationId: 'bench', data: { userId: randomUUID() } });
        }
        return Promise.resolve();
      });
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
}

async function reliable(orm: MikroORM, bus: Bus, log: (m: string) => void): Promise<number> {
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
    await writeEvents(orm, WARM_UP);
    await until(async () => (await effectCount(orm)) >= WARM_UP);
    log(`reliable: warmed up with ${WARM_UP}`);
    const seconds = await timed(async () => {
      await writeEvents(orm, MESSAGES);
      await until(async () => (await effectCount(orm)) >= WARM_UP + MESSAGES);
    });
    const total = await effectCount(orm);
    if (total !== WARM_UP + MESSAGES) throw new Error(`expected ${WARM_UP + MESSAGES} effects, counted ${total}`);
    return MESSAGES / seconds;
  } finally {
    await runner.stop();
    await relay.stop();
  }
}

async function publishAll(bus: Bus, subject: string, count: number): Promise<void> {
  const window = 1_000;
  for (let sent = 0; sent < count; sent += window) {
    const n = Math.min(window, count - sent);
    await Promise.all(Array.from({ length: n }, (_, i) => bus.js.publish(subject, JSON.stringify({ i: sent + i, id: randomUUID() }), { msgID: randomUUID() })));
  }
}

async function raw(bus: Bus, log: (m: string) => void): Promise<number> {
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
  const seconds = await timed(async () => {
    await publishAll(bus, subject, MESSAGES);
    await until(() => Promise.resolve(received >= WARM_UP + MESSAGES));
  });
  await messages.close();
  await loop;
  return MESSAGES / seconds;
}

const suite: Suite = {
  name: 'messaging',
  description: `${MESSAGES} events: outbox → relay → JetStream → consumer with inbox, against raw JetStream publish + consume`,
  async run({ log }) {
    const db = await createTestDatabase('gl_bench_');
    const orm = await createOrm({ service: 'bench', url: db.url, entities: [effectEntity], migrations: [...platformMigrations, MigrationBenchEffects], pool: { max: CONCURRENCY + 4 } });
    const bus = await connectBus({ url: await testNatsUrl(), name: 'bench', namespace: testNamespace() });
    try {
      await migrate(orm);
      const rawRate = await raw(bus, log);
      log(`raw: ${round(rawRate)} msg/s`);
      const reliableRate = await reliable(orm, bus, log);
      log(`reliable: ${round(reliableRate)} events/s`);
      const ratio = reliableRate / rawRate;
      const notes = `consumer concurrency ${CONCURRENCY} (batches up to ${CONSUMER_BATCH} per transaction), relay batch ${RELAY_BATCH}, outbox writes ${WRITE_BATCH} per transaction`;
      const figures: Figure[] = [
        { name: 'reliable end-to-end', value: round(reliableRate), unit: 'events/s', notes },
        { name: 'raw JetStream publish+consume', value: round(rawRate), unit: 'msg/s' },
        { name: 'reliable / raw', value: round(ratio * 100, 1), unit: '%', goal: 'at least 25%', met: ratio >= 0.25 },
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
