// The messaging path's own capacity against raw JetStream, in the production layout, plus the
// request-like figures around it.
//
// Goal figure ("reliable delivery"): N events already committed in the outbox by business
// transactions; the clock runs from starting the relay (in a "producer" process) until the
// consumer (another process, with its inbox) has committed and acked the effect of every one.
// Raw: N messages published by one process and consumed and acked by another, clock from the first
// publish to the last ack. Both ends are seen the same way: the durable's ack floor on the server
// (a consumer acks after its commit). Context figures (no goal): 8 producers committing one event
// per transaction, the same transactions without events (what bounds that rate), 100 events per
// transaction. CPU per event: the bench's node processes and the PostgreSQL backends of its database.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { migrate, type MikroORM } from '@gradeline/db';
import { connectBus, ensureTopology, Outbox, OutboxRelay, type Bus } from '@gradeline/messaging';
import { createTestDatabase, testNamespace, testNatsUrl } from '@gradeline/testing';
import { round, timed, type Figure, type Suite } from '../harness';
import { measure, spawnChild, type Child, type Run } from './messaging/processes';
import { benchOrm, Deactivation, effects, quiet, RAW_DURABLE, RAW_TYPE, TENANT, TYPE, type Setup } from './messaging/world';

const EVENTS = 20_000;
const WARM_UP = 2_000;

/** How the producing side writes: `producers` business transactions at once, each recording `perTransaction` events. */
interface Writers {
  producers: number;
  perTransaction: number;
  events: number;
  label: string;
}
/** Request handlers: one business change and its one event per transaction. */
const SINGLE: Writers = { producers: 8, perTransaction: 1, events: 5_000, label: '8 producers, one event per business transaction' };
/** Bulk operations (dispatching an exam, accepting a page of suggestions): many events per transaction. */
const BULK: Writers = { producers: 4, perTransaction: 100, events: 20_000, label: '4 producers, 100 events per business transaction' };

// ---------------------------------------------------------------------------------------------
// Writing, waiting

async function until(check: () => Promise<boolean>, everyMs = 50): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, everyMs));
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
          if (withEvents) outbox.record(em, { type: TYPE, tenantId: TENANT, correlationId: 'bench', data: { userId } });
        }
        return Promise.resolve();
      });
    }
  };
  await Promise.all(Array.from({ length: writers.producers }, producer));
}

/** Waits until the durable has acked every message of its stream up to `streamSeq` (its consumer acks after commit). */
async function ackedUpTo(bus: Bus, stream: string, durable: string, streamSeq: number): Promise<void> {
  await until(async () => (await bus.jsm.consumers.info(stream, durable)).ack_floor.stream_seq >= streamSeq, 10);
}

async function lastSeq(bus: Bus, stream: string): Promise<number> {
  return (await bus.jsm.streams.info(stream)).state.last_seq;
}

/** Every committed event has exactly one effect, and nothing is left unsent. */
async function checkExactlyOnce(orm: MikroORM): Promise<void> {
  const [row] = await orm.em.fork().execute<Array<{ events: string; unsent: string; effects: string; missing: string }>>(
    `select (select count(*) from outbox) as events, (select count(*) from outbox where sent_at is null) as unsent,
       (select count(*) from effect) as effects,
       (select count(*) from outbox o where (select count(*) from effect e where e.message_id = o.id) <> 1) as missing`,
  );
  const { events, unsent, effects: n, missing } = row!;
  if (unsent !== '0' || n !== events || missing !== '0') throw new Error(`exactly once broken: ${events} events, ${unsent} unsent, ${n} effects, ${missing} without exactly one`);
}

// ---------------------------------------------------------------------------------------------
// The figures

interface Layout {
  orm: MikroORM;
  bus: Bus;
  relay: Child;
  consumer: Child;
  publisher: Child;
  rawConsumer: Child;
}

/** N raw messages: publisher process → JetStream → consumer process acking each. */
async function rawDelivery(l: Layout, events: number): Promise<Run> {
  const stream = l.bus.stream('exam');
  const target = (await lastSeq(l.bus, stream)) + events;
  return measure(l.orm, events, [l.publisher, l.rawConsumer], async () => {
    await Promise.all([l.publisher.call('go', events), ackedUpTo(l.bus, stream, RAW_DURABLE, target)]);
  }, false);
}

/** N events committed beforehand; the relay is started with the clock and stopped after the last effect. */
async function reliableDelivery(l: Layout, events: number, log: (m: string) => void): Promise<{ run: Run; prefill: number }> {
  const seconds = await timed(() => write(l.orm, SINGLE, events));
  log(`${events} events committed in the outbox (${SINGLE.label}, no relay): ${round(events / seconds)} tx/s`);
  const stream = l.bus.stream('identity');
  const target = (await lastSeq(l.bus, stream)) + events;
  const [{ t0 }] = await l.orm.em.fork().execute<[{ t0: Date }]>('select clock_timestamp() as t0');
  const run = await measure(l.orm, events, [l.relay, l.consumer], async () => {
    await l.relay.call('go');
    await ackedUpTo(l.bus, stream, 'bench--effects', target);
  }, false);
  await l.relay.call('stop');
  await checkExactlyOnce(l.orm);
  // When the relay had marked the last row sent: what the rest of the time is the consumer's.
  const [{ relayed }] = await l.orm.em.fork().execute<[{ relayed: number }]>('select extract(epoch from max(sent_at) - ?) as relayed from outbox where sent_at >= ?', [t0, t0]);
  log(`relay done after ${round(Number(relayed), 2)} s of ${round(events / run.rate, 2)} s`);
  return { run, prefill: events / seconds };
}

/** Request-like end-to-end: producers and the relay in this process, the consumer process applying. */
async function endToEnd(l: Layout, writers: Writers): Promise<Run> {
  const stream = l.bus.stream('identity');
  const target = (await lastSeq(l.bus, stream)) + writers.events;
  const relay = new OutboxRelay({ orm: l.orm, bus: l.bus, logger: quiet });
  relay.start();
  try {
    return await measure(l.orm, writers.events, [l.consumer], async () => {
      await write(l.orm, writers, writers.events);
      await ackedUpTo(l.bus, stream, 'bench--effects', target);
    });
  } finally {
    await relay.stop();
    await checkExactlyOnce(l.orm);
  }
}

function load(): string {
  return `load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}

const LAYOUT_NOTE = 'relay in one process (as in the producing service), consumer in another; raw: publisher and consumer processes likewise';

async function measureAll(l: Layout, log: (m: string) => void): Promise<Figure[]> {
  await rawDelivery(l, WARM_UP);
  await reliableDelivery(l, WARM_UP, log);
  log(`warmed up with ${WARM_UP} each`);
  const raw = await rawDelivery(l, EVENTS);
  const rawLoad = load();
  log(`raw: ${round(raw.rate)} msg/s, CPU ${round(raw.node, 3)} ms/msg, ${JSON.stringify(raw.perChild)} (${rawLoad})`);
  const { run: reliable, prefill } = await reliableDelivery(l, EVENTS, log);
  const reliableLoad = load();
  log(`reliable delivery: ${round(reliable.rate)} events/s, CPU ${round(reliable.node, 3)} / ${round(reliable.postgres, 3)} ms/event node / PostgreSQL, ${JSON.stringify(reliable.perChild)} (${reliableLoad})`);
  const alone = await measure(l.orm, SINGLE.events, [], () => write(l.orm, SINGLE, SINGLE.events, false));
  log(`business transactions alone: ${round(alone.rate)} tx/s`);
  const single = await endToEnd(l, SINGLE);
  log(`end-to-end, ${SINGLE.label}: ${round(single.rate)} events/s`);
  const bulk = await endToEnd(l, BULK);
  log(`end-to-end, ${BULK.label}: ${round(bulk.rate)} events/s (${load()})`);
  const ratio = reliable.rate / raw.rate;
  return [
    { name: 'raw JetStream publish+consume', value: round(raw.rate), unit: 'msg/s', notes: `${EVENTS} messages, 1,000 PubAcks outstanding, consumer acks each; ${LAYOUT_NOTE}; ${rawLoad}` },
    { name: 'raw CPU, node', value: round(raw.node, 3), unit: 'ms/msg', notes: 'publisher and consumer processes' },
    {
      name: 'reliable delivery',
      value: round(reliable.rate),
      unit: 'events/s',
      notes: `${EVENTS} events committed beforehand; clock from starting the relay to the last effect committed and acked (exactly one each, checked); library defaults; ${LAYOUT_NOTE}; ${reliableLoad}`,
    },
    { name: 'reliable delivery / raw', value: round(ratio * 100, 1), unit: '%', goal: 'at least 25%', met: ratio >= 0.25 },
    { name: 'reliable delivery CPU, node', value: round(reliable.node, 3), unit: 'ms/event', notes: 'relay and consumer processes' },
    { name: 'reliable delivery CPU, PostgreSQL', value: round(reliable.postgres, 3), unit: 'ms/event', notes: 'backends of the bench database' },
    { name: 'producers with events, no relay', value: round(prefill), unit: 'tx/s', notes: `${SINGLE.label}: the commits that filled the outbox` },
    { name: 'business transactions alone', value: round(alone.rate), unit: 'tx/s', notes: `${SINGLE.label} without events: the bound of the end-to-end figure below` },
    { name: 'business transactions alone CPU, node', value: round(alone.node, 3), unit: 'ms/tx', notes: `PostgreSQL ${round(alone.postgres, 3)} ms/tx` },
    {
      name: 'end-to-end, one event per transaction',
      value: round(single.rate),
      unit: 'events/s',
      notes: `${SINGLE.label}, relay in their process, consumer in another; bounded by the producers' commits (no goal)`,
    },
    { name: 'end-to-end, one event per transaction, CPU, node', value: round(single.node, 3), unit: 'ms/event', notes: `PostgreSQL ${round(single.postgres, 3)} ms/event; producers included` },
    { name: 'end-to-end, bulk writers', value: round(bulk.rate), unit: 'events/s', notes: `${BULK.label} (no goal)` },
    { name: 'end-to-end, bulk writers, CPU, node', value: round(bulk.node, 3), unit: 'ms/event', notes: `PostgreSQL ${round(bulk.postgres, 3)} ms/event; producers included` },
  ];
}

const suite: Suite = {
  name: 'messaging',
  description: `reliable delivery of ${EVENTS} committed events (relay process → JetStream → consumer process with inbox) against raw JetStream publish + consume; end-to-end with producers for context`,
  async run({ log }) {
    const db = await createTestDatabase('gl_bench_');
    const orm = await benchOrm(db.url, SINGLE.producers + 2);
    const setup: Setup = { dbUrl: db.url, natsUrl: await testNatsUrl(), namespace: testNamespace() };
    const bus = await connectBus({ url: setup.natsUrl, name: 'bench', namespace: setup.namespace });
    const children: Child[] = [];
    try {
      await migrate(orm);
      await ensureTopology(bus, { streams: ['identity', 'exam'], service: 'bench', consumers: [effects] });
      await bus.jsm.consumers.add(bus.stream('exam'), { durable_name: RAW_DURABLE, filter_subject: bus.subject(RAW_TYPE), ack_policy: 'explicit' as never, max_deliver: 8 });
      for (const role of ['relay', 'consumer', 'raw-publisher', 'raw-consumer'] as const) children.push(await spawnChild(role, setup));
      const [relay, consumer, publisher, rawConsumer] = children as [Child, Child, Child, Child];
      return await measureAll({ orm, bus, relay, consumer, publisher, rawConsumer }, log);
    } finally {
      await Promise.all(children.map((c) => c.call('exit').catch(() => 0)));
      for await (const name of bus.jsm.streams.names()) if (name.startsWith(`${bus.namespace}_`)) await bus.jsm.streams.delete(name);
      await bus.close();
      await orm.close(true);
      await db.drop();
    }
  },
};

export default suite;

