import { randomUUID } from 'node:crypto';
import { ConsumerRunner, defineConsumer, ensureTopology, pruneInbox } from '../src';
import { setUp, silent, waitFor, type Env } from './support';

jest.setTimeout(30_000);

const DAY_MS = 24 * 3_600_000;

const definition = defineConsumer({ purpose: 'pruned', type: 'identity.user.deactivated.v1', handler: () => Promise.resolve() });

describe('pruning the inbox', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setUp();
    await ensureTopology(env.bus, { service: 'exam', consumers: [definition] });
  });
  afterAll(async () => {
    await env.close();
  });
  beforeEach(async () => {
    await env.orm.em.fork().execute('delete from inbox');
  });

  /** Inbox rows of `consumer` processed `ageMs` ago; returns their message ids. */
  async function rows(count: number, ageMs: number, consumer = 'exam--pruned'): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    const at = new Date(Date.now() - ageMs);
    for (const id of ids) {
      await env.orm.em.fork().execute('insert into inbox (consumer, message_id, processed_at) values (?, ?, ?)', [consumer, id, at]);
    }
    return ids;
  }

  async function remaining(): Promise<string[]> {
    const found = await env.orm.em.fork().execute<Array<{ message_id: string }>>('select message_id from inbox');
    return found.map((r) => r.message_id).sort();
  }

  it('deletes rows older than the cut-off, of every consumer, a bounded chunk at a time', async () => {
    await rows(3, 9 * DAY_MS);
    await rows(2, 8 * DAY_MS, 'exam--other');
    const kept = [...(await rows(2, 6 * DAY_MS)), ...(await rows(1, 0, 'exam--other'))];
    expect(await pruneInbox(env.orm, new Date(Date.now() - 7 * DAY_MS), { chunk: 2 })).toBe(5);
    expect(await remaining()).toEqual(kept.sort());
  });

  it('stops between chunks when asked', async () => {
    await rows(5, 9 * DAY_MS);
    expect(await pruneInbox(env.orm, new Date(Date.now() - 7 * DAY_MS), { chunk: 2, shouldStop: () => true })).toBe(2);
    expect(await remaining()).toHaveLength(3);
  });

  it('is run by the consumer runner at start and then periodically, keeping rows within the retention', async () => {
    await rows(2, 8 * DAY_MS);
    const recent = await rows(2, 2 * DAY_MS);
    const runner = new ConsumerRunner({
      orm: env.orm,
      bus: env.bus,
      logger: silent,
      service: 'exam',
      consumers: [definition],
      inboxRetentionMs: 3 * DAY_MS,
      inboxPruneIntervalMs: 200,
    });
    await runner.start();
    try {
      await waitFor('the old rows pruned at start', async () => (await remaining()).length === 2);
      expect(await remaining()).toEqual([...recent].sort());
      await rows(1, 4 * DAY_MS); // written after the first prune: only a later one removes it
      await waitFor('the next prune', async () => (await remaining()).length === 2);
    } finally {
      await runner.stop(5_000);
    }
    expect(await remaining()).toEqual([...recent].sort());
  });

  it('refuses a retention shorter than the duplicate window plus the redelivery span', () => {
    const make = (inboxRetentionMs: number) =>
      new ConsumerRunner({ orm: env.orm, bus: env.bus, logger: silent, service: 'exam', consumers: [definition], inboxRetentionMs });
    // Defaults: 8 deliveries, 30 s ack wait, backoff 1 s, 5 s, 15 s, 60 s, 5 min: about 22 minutes in all.
    expect(() => make(10 * 60_000)).toThrow(/inboxRetentionMs must be at least/);
    expect(() => make(DAY_MS)).not.toThrow();
  });
});
