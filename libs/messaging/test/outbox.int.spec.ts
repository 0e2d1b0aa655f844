import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { OutboxMessage } from '@gradeline/db';
import { ensureTopology, Outbox, OutboxRelay, type Bus } from '../src';
import { effects, setUp, silent, TENANT, waitFor, type Env } from './support';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs the fixture in a child process and SIGKILLs it as soon as it reports its commit. */
function commitAndDie(url: string, userId: string): Promise<string> {
  const child = spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', path.join(__dirname, 'fixtures/commit-and-die.ts'), url, userId], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /committed (\S+)\n/.exec(out);
      if (match) {
        child.kill('SIGKILL');
        child.once('exit', () => resolve(match[1]!));
      }
    });
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`fixture exited early (${code})`));
    });
  });
}

async function streamMessages(bus: Bus): Promise<number> {
  return (await bus.jsm.streams.info(bus.stream('identity'))).state.messages;
}

function recordRows(env: Env, count: number): Promise<void> {
  const outbox = new Outbox();
  return env.orm.em.fork().transactional(async (em) => {
    for (let i = 0; i < count; i++) {
      outbox.record(em, { type: 'identity.user.deactivated.v1', tenantId: TENANT, correlationId: `c${i}`, data: { userId: randomUUID() } });
    }
    return Promise.resolve();
  });
}

jest.setTimeout(30_000);

describe('the transactional outbox', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setUp();
    await ensureTopology(env.bus, { streams: ['identity'] });
  });
  afterAll(async () => {
    await env.close();
  });
  beforeEach(async () => {
    await env.bus.jsm.streams.purge(env.bus.stream('identity'));
    await env.orm.em.fork().nativeDelete(OutboxMessage, {});
  });

  it('never loses an event whose process died between commit and publish', async () => {
    const userId = randomUUID();
    const id = await commitAndDie(env.db.url, userId);
    expect((await effects(env.orm, 'user-deactivated')).length).toBe(1);
    expect(await streamMessages(env.bus)).toBe(0);

    const relay = new OutboxRelay({ orm: env.orm, bus: env.bus, logger: silent });
    relay.start();
    try {
      await waitFor('the event in the stream', async () => (await streamMessages(env.bus)) === 1);
    } finally {
      await relay.stop();
    }
    const stored = await env.bus.jsm.streams.getMessage(env.bus.stream('identity'), { last_by_subj: env.bus.subject('identity.user.deactivated.v1') });
    expect(stored!.json<{ id: string; data: { userId: string } }>()).toMatchObject({ id, data: { userId } });
    expect(stored!.header.get('Nats-Msg-Id')).toBe(id);
    const row = await env.orm.em.fork().findOneOrFail(OutboxMessage, { id });
    expect(row.sentAt).not.toBeNull();
  });

  it('publishes a row as soon as this process commits it, without waiting for the poll', async () => {
    // The poll would take a minute: only the commit of this process can wake the relay in time.
    const relay = new OutboxRelay({ orm: env.orm, bus: env.bus, logger: silent, pollIntervalMs: 60_000 });
    relay.start();
    try {
      await new Promise((r) => setTimeout(r, 200)); // its first cycle found nothing and went to sleep
      await recordRows(env, 2);
      await waitFor('the events in the stream', async () => (await streamMessages(env.bus)) === 2, 10_000);
    } finally {
      await relay.stop();
    }
  });

  it('publishes a row twice (crash before marking it sent) but the stream keeps it once', async () => {
    await recordRows(env, 1);
    const relay = new OutboxRelay({ orm: env.orm, bus: env.bus, logger: silent, wakeOnCommit: false });
    expect(await relay.relayOnce()).toBe(1);
    // The crash: the "sent" mark never committed, so the next relay run finds the row again.
    await env.orm.em.fork().nativeUpdate(OutboxMessage, {}, { sentAt: null });
    expect(await relay.relayOnce()).toBe(1);
    expect(await streamMessages(env.bus)).toBe(1);
  });

  it('shares rows between several relays without publishing any row twice', async () => {
    await recordRows(env, 600);
    const published: string[] = [];
    const subject = env.bus.subject('identity.user.deactivated.v1');
    const counting = (bus: Bus): Bus => {
      const nc = Object.create(bus.nc) as Bus['nc'];
      nc.publish = (to, payload, opts) => {
        if (to === subject) published.push(opts!.headers!.get('Nats-Msg-Id'));
        bus.nc.publish(to, payload, opts);
      };
      return { ...bus, nc };
    };
    const relays = [1, 2, 3].map(() => new OutboxRelay({ orm: env.orm, bus: counting(env.bus), logger: silent, batchSize: 50 }));
    relays.forEach((r) => r.start());
    try {
      await waitFor('600 events in the stream', async () => (await streamMessages(env.bus)) === 600);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    expect(published.length).toBe(600);
    expect(new Set(published).size).toBe(600);
    expect(await env.orm.em.fork().count(OutboxMessage, { sentAt: null })).toBe(0);
  });

  it('keeps a row it could not publish, with the error, and retries it later', async () => {
    await recordRows(env, 1);
    const broken = { ...env.bus, subject: () => 'not-a-stream-subject' } as Bus;
    const relay = new OutboxRelay({ orm: env.orm, bus: broken, logger: silent, wakeOnCommit: false, retryBaseMs: 60_000 });
    expect(await relay.relayOnce()).toBe(0);
    const [row] = await env.orm.em.fork().find(OutboxMessage, {});
    expect(row).toMatchObject({ sentAt: null, attempts: 1 });
    expect(row!.lastError).toBeTruthy();
    expect(row!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // Not claimed again before its retry time.
    expect(await new OutboxRelay({ orm: env.orm, bus: env.bus, logger: silent, wakeOnCommit: false }).relayOnce()).toBe(0);
  });

  it('does not mark a row sent when no PubAck comes back in time', async () => {
    await recordRows(env, 1);
    // Something listens on the subject but is not a stream: the message goes out, no PubAck returns.
    const silentListener = env.bus.nc.subscribe('no-stream.>');
    const broken = { ...env.bus, subject: (type: string) => `no-stream.${type}` } as Bus;
    const relay = new OutboxRelay({ orm: env.orm, bus: broken, logger: silent, wakeOnCommit: false, publishTimeoutMs: 200 });
    try {
      expect(await relay.relayOnce()).toBe(0);
    } finally {
      silentListener.unsubscribe();
    }
    const [row] = await env.orm.em.fork().find(OutboxMessage, {});
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: 'no PubAck within 200 ms' });
  });
});
