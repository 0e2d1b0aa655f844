import { nanos } from '@nats-io/nats-core';
import { ensureTopology, type ConsumerSettings } from '../src';
import { setUp, type Env } from './support';

jest.setTimeout(30_000);

describe('JetStream topology', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setUp();
  });
  afterAll(async () => {
    await env.close();
  });

  const consumers: ConsumerSettings[] = [
    { purpose: 'user-directory', type: 'identity.user.created.v1', maxDeliver: 5, ackWaitMs: 10_000, backoffMs: [1_000, 4_000] },
  ];

  it('is declarative: a second run changes nothing', async () => {
    const first = await ensureTopology(env.bus, { streams: ['exam'], service: 'exam', consumers });
    expect(first.streams.map((s) => s.action)).toEqual(['created', 'created', 'created']);
    expect(first.consumers.map((c) => c.action)).toEqual(['created', 'created']);
    const second = await ensureTopology(env.bus, { streams: ['exam'], service: 'exam', consumers });
    expect([...second.streams, ...second.consumers].every((x) => x.action === 'unchanged')).toBe(true);
  });

  it('names streams after the producer and stores events under their type', async () => {
    const info = await env.bus.jsm.streams.info(`${env.bus.namespace}_IDENTITY`);
    expect(info.config.subjects).toEqual([`${env.bus.namespace}.identity.>`]);
    expect(info.config.duplicate_window).toBe(nanos(120_000));
    expect(info.config.storage).toBe('file');
  });

  it('gives every consumer max_deliver, ack_wait and backoff', async () => {
    const info = await env.bus.jsm.consumers.info(`${env.bus.namespace}_IDENTITY`, 'exam--user-directory');
    expect(info.config.filter_subject).toBe(`${env.bus.namespace}.identity.user.created.v1`);
    expect(info.config.ack_policy).toBe('explicit');
    expect(info.config.max_deliver).toBe(5);
    // Each redelivery wait is ackWait plus the retry delay; JetStream takes ack_wait from backoff[0].
    expect(info.config.backoff).toEqual([nanos(11_000), nanos(14_000)]);
    expect(info.config.ack_wait).toBe(nanos(11_000));
  });

  it('updates a consumer whose settings changed', async () => {
    const changed = [{ ...consumers[0]!, maxDeliver: 7 }];
    const report = await ensureTopology(env.bus, { service: 'exam', consumers: changed });
    expect(report.consumers[0]).toMatchObject({ name: 'exam--user-directory', action: 'updated' });
    const info = await env.bus.jsm.consumers.info(`${env.bus.namespace}_IDENTITY`, 'exam--user-directory');
    expect(info.config.max_deliver).toBe(7);
  });

  it('keeps the dead-letter advisories of the service consumers in a stream of its own', async () => {
    const info = await env.bus.jsm.streams.info(`${env.bus.namespace}_EXAM_ADVISORIES`);
    expect(info.config.subjects).toEqual([
      `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${env.bus.namespace}_IDENTITY.exam--user-directory`,
      `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${env.bus.namespace}_IDENTITY.exam--user-directory`,
    ]);
  });
});
