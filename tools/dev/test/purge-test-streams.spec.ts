import { randomBytes } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { testNatsUrl } from '@gradeline/testing';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { purgeStaleTestStreams, TEST_STREAM } = require('../../jest/purge-test-streams.cjs') as {
  purgeStaleTestStreams(options: { url: string; olderThanMs: number; match?: RegExp; now?: number }): Promise<string[]>;
  TEST_STREAM: RegExp;
};

describe('the jest global setup', () => {
  let url: string;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  // A namespace of this file only, so other test files' streams are never touched.
  const ns = `t${randomBytes(5).toString('hex')}`;
  const own = new RegExp(`^${ns}_`);
  const names = async () => {
    const found: string[] = [];
    for await (const name of jsm.streams.names()) if (own.test(name)) found.push(name);
    return found.sort();
  };

  beforeAll(async () => {
    url = await testNatsUrl();
    nc = await connect({ servers: url });
    jsm = await jetstreamManager(nc);
    for (const service of ['EXAM', 'GRADING']) await jsm.streams.add({ name: `${ns}_${service}`, subjects: [`${ns}.${service.toLowerCase()}.>`] });
  });
  afterAll(async () => {
    for (const name of await names()) await jsm.streams.delete(name);
    await nc.close();
  });

  it('recognises the streams of test namespaces and nothing else', () => {
    expect(TEST_STREAM.test(`${ns}_EXAM`)).toBe(true);
    expect(TEST_STREAM.test('EXAM')).toBe(false);
    expect(TEST_STREAM.test('tenant_EXAM')).toBe(false);
  });

  it('deletes matching streams only once they are older than the limit', async () => {
    expect(await purgeStaleTestStreams({ url, olderThanMs: 60 * 60 * 1000, match: own })).toEqual([]);
    expect(await names()).toEqual([`${ns}_EXAM`, `${ns}_GRADING`]);

    const inTwoHours = Date.now() + 2 * 60 * 60 * 1000;
    const deleted = await purgeStaleTestStreams({ url, olderThanMs: 60 * 60 * 1000, match: own, now: inTwoHours });
    expect(deleted.sort()).toEqual([`${ns}_EXAM`, `${ns}_GRADING`]);
    expect(await names()).toEqual([]);
  });
});
