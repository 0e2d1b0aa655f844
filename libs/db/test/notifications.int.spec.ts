import { createTestDatabase, type TestDatabase } from '@gradeline/testing';
import { Client } from 'pg';
import { listenForNotifications, notifySql, type NotificationListener } from '../src';

/** Counts a listener's wake-ups and lets a test wait for the next ones. */
function counter() {
  let count = 0;
  let waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    get count() {
      return count;
    },
    onNotify() {
      count += 1;
      waiters = waiters.filter((w) => (count >= w.n ? (w.resolve(), false) : true));
    },
    reach(n: number, timeoutMs = 10_000): Promise<void> {
      if (count >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${count} of ${n} notifications`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

describe('listenForNotifications', () => {
  let db: TestDatabase;
  let sender: Client;
  let listener: NotificationListener | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    sender = new Client({ connectionString: db.url });
    await sender.connect();
  });

  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });

  afterAll(async () => {
    await sender.end();
    await db.drop();
  });

  it('hears a NOTIFY when its transaction commits, not before', async () => {
    const heard = counter();
    listener = listenForNotifications({ url: db.url, channel: 'work_ready', onNotify: () => heard.onNotify() });
    await listener.ready;
    await heard.reach(1); // the wake-up after connecting
    await sender.query('begin');
    await sender.query(notifySql('work_ready'));
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.count).toBe(1);
    await sender.query('commit');
    await heard.reach(2);
  });

  it('ignores other channels and rolled-back notifications', async () => {
    const heard = counter();
    listener = listenForNotifications({ url: db.url, channel: 'work_ready', onNotify: () => heard.onNotify() });
    await listener.ready;
    await sender.query(notifySql('other_work'));
    await sender.query('begin');
    await sender.query(notifySql('work_ready'));
    await sender.query('rollback');
    await sender.query(notifySql('work_ready'));
    await heard.reach(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.count).toBe(2);
  });

  it('listens again after its connection is killed, and wakes once for what it may have missed', async () => {
    const heard = counter();
    const errors: unknown[] = [];
    listener = listenForNotifications({
      url: db.url,
      channel: 'work_ready',
      retryMs: 50,
      onNotify: () => heard.onNotify(),
      onError: (error) => errors.push(error),
    });
    await listener.ready;
    await heard.reach(1);
    await sender.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'listen:work_ready' and datname = current_database()`);
    await heard.reach(2); // reconnected
    expect(errors.length).toBeGreaterThan(0);
    await sender.query(notifySql('work_ready'));
    await heard.reach(3);
  });

  it('keeps trying while the database refuses, and stops for good when closed', async () => {
    const heard = counter();
    const errors: unknown[] = [];
    const refused = 'postgres://postgres@127.0.0.1:1/nowhere';
    listener = listenForNotifications({ url: refused, channel: 'work_ready', retryMs: 20, onNotify: () => heard.onNotify(), onError: (e) => errors.push(e) });
    await listener.ready;
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.length).toBeGreaterThan(1);
    await listener.close();
    const after = errors.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.length).toBe(after);
    expect(heard.count).toBe(0);
  });

  it('refuses a channel name that is not a plain identifier', () => {
    expect(() => notifySql("x'); drop table y; --")).toThrow(/not a channel name/);
  });
});
