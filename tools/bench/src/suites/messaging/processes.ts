// The messaging bench's processes: the production layout (relay with the producer, consumer
// elsewhere; raw publisher and consumer likewise), each a fork of this file, and the CPU each
// spends. This file is the children's entry point.
import { fork, type ChildProcess } from 'node:child_process';
import { type MikroORM } from '@gradeline/db';
import { ConsumerRunner, connectBus, OutboxRelay } from '@gradeline/messaging';
import { round, timed } from '../../harness';
import { cpuBetween, cpuReadings, ownCpuSeconds } from '../../proc';
import { benchOrm, effects, publishAll, quiet, RAW_DURABLE, type Setup } from './world';

const ROLE_ENV = 'GRADELINE_MESSAGING_BENCH';

// ---------------------------------------------------------------------------------------------
// CPU readings

/** CPU seconds of the PostgreSQL backends serving the bench database (found by pg_stat_activity). */
async function postgresCpu(orm: MikroORM): Promise<Map<number, number>> {
  const rows = await orm.em.fork().execute<Array<{ pid: number }>>('select pid from pg_stat_activity where datname = current_database()');
  return cpuReadings(rows.map((r) => r.pid));
}

export interface Run {
  rate: number;
  /** Milliseconds of CPU per event: node processes of the bench, PostgreSQL backends. */
  node: number;
  postgres: number;
  /** Milliseconds of CPU per event of each child process, by role. */
  perChild: Record<string, number>;
}

/**
 * Times `fn` and charges the CPU used meanwhile to `events` events: this process (unless `self` is
 * false: it only watches the ack floor then), the children
 * (each reports its own since `mark`) and the backends of the bench database (a backend born in
 * between counts from zero).
 */
export async function measure(orm: MikroORM, events: number, children: Child[], fn: () => Promise<void>, self = true): Promise<Run> {
  const pgBefore = await postgresCpu(orm);
  await Promise.all(children.map((c) => c.call('mark')));
  const nodeBefore = ownCpuSeconds();
  const seconds = await timed(fn);
  let node = self ? ownCpuSeconds() - nodeBefore : 0;
  const perChild: Record<string, number> = {};
  for (const c of children) {
    const used = await c.call('report');
    perChild[c.role] = round((used * 1000) / events, 3);
    node += used;
  }
  const postgres = cpuBetween(pgBefore, await postgresCpu(orm));
  return { rate: events / seconds, node: (node * 1000) / events, postgres: (postgres * 1000) / events, perChild };
}

// ---------------------------------------------------------------------------------------------
// Child processes: the production layout (relay with the producer, consumer elsewhere; raw
// publisher and consumer likewise). This file is also their entry point.

export type Role = 'relay' | 'consumer' | 'raw-publisher' | 'raw-consumer';
type Command = 'mark' | 'report' | 'go' | 'stop' | 'exit';

export interface Child {
  role: Role;
  /** Sends a command; resolves with the child's answer (CPU seconds since `mark` for `report`). */
  call(cmd: Command, count?: number): Promise<number>;
}

export async function spawnChild(role: Role, setup: Setup): Promise<Child> {
  // MESSAGING_BENCH_CPU_PROF=<dir> writes a CPU profile of each child process there.
  const profile = process.env.MESSAGING_BENCH_CPU_PROF;
  const execArgv = [...process.execArgv, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}/${role}`] : [])];
  const proc: ChildProcess = fork(__filename, [], { execArgv, env: { ...process.env, [ROLE_ENV]: JSON.stringify({ role, ...setup }) } });
  const waiting = new Map<number, { resolve(v: number): void; reject(e: Error): void }>();
  let seq = 0;
  const ready = new Promise<void>((resolve, reject) => {
    proc.on('message', (m: { ready?: true; id?: number; value?: number; error?: string }) => {
      if (m.ready) return resolve();
      const w = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error) w?.reject(new Error(`${role}: ${m.error}`));
      else w?.resolve(m.value ?? 0);
    });
    proc.on('exit', (code) => {
      const error = new Error(`${role} process exited (${code})`);
      reject(error);
      waiting.forEach((w) => w.reject(error));
    });
  });
  await ready;
  return {
    role,
    call: (cmd, count) =>
      new Promise((resolve, reject) => {
        const id = ++seq;
        waiting.set(id, { resolve, reject });
        proc.send({ id, cmd, count });
      }),
  };
}

/** What a child does on `go` and `stop`, set up before it says it is ready. */
interface Actor {
  go(count: number): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

async function actorFor(role: Role, setup: Setup): Promise<Actor> {
  const bus = await connectBus({ url: setup.natsUrl, name: `bench-${role}`, namespace: setup.namespace });
  const nothing = () => Promise.resolve();
  if (role === 'raw-publisher') {
    return { go: (count) => publishAll(bus, count), stop: nothing, close: () => bus.close() };
  }
  if (role === 'raw-consumer') {
    const messages = await (await bus.js.consumers.get(bus.stream('exam'), RAW_DURABLE)).consume({ max_messages: 1_000 });
    const loop = (async () => {
      for await (const m of messages) m.ack();
    })();
    const stop = async () => {
      await messages.close();
      await loop;
    };
    return { go: nothing, stop, close: async () => (await stop(), await bus.close()) };
  }
  const orm = await benchOrm(setup.dbUrl, 12);
  const close = async () => (await bus.close(), await orm.close(true));
  if (role === 'relay') {
    let relay: OutboxRelay | undefined;
    const stop = async () => (await relay?.stop(), (relay = undefined));
    return { go: () => ((relay = new OutboxRelay({ orm, bus, logger: quiet })), relay.start(), nothing()), stop, close: async () => (await stop(), await close()) };
  }
  const runner = new ConsumerRunner({ orm, bus, logger: quiet, service: 'bench', consumers: [effects] });
  await runner.start();
  return { go: nothing, stop: () => runner.stop(), close: async () => (await runner.stop(), await close()) };
}

async function childMain(setup: Setup & { role: Role }): Promise<void> {
  const actor = await actorFor(setup.role, setup);
  let mark = 0;
  process.on('message', (m: { id: number; cmd: Command; count?: number }) => {
    const answer = async (): Promise<number> => {
      switch (m.cmd) {
        case 'mark':
          mark = ownCpuSeconds();
          return 0;
        case 'report':
          return ownCpuSeconds() - mark;
        case 'go':
          await actor.go(m.count ?? 0);
          return 0;
        case 'stop':
          await actor.stop();
          return 0;
        case 'exit':
          await actor.close();
          setImmediate(() => process.exit(0));
          return 0;
      }
    };
    answer().then(
      (value) => process.send!({ id: m.id, value }),
      (error: unknown) => process.send!({ id: m.id, error: String(error) }),
    );
  });
  process.send!({ ready: true });
}

if (process.env[ROLE_ENV] && process.send) {
  childMain(JSON.parse(process.env[ROLE_ENV]) as Setup & { role: Role }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
