import { resolveSettings, retryDelay, serverBackoffMs } from './consumer';

const base = { purpose: 'roster', type: 'identity.student.upserted.v1' as const };

describe('consumer retry settings', () => {
  it('waits the backoff delay for the delivery that failed, repeating the last one', () => {
    const settings = resolveSettings({ ...base, backoffMs: [1_000, 5_000] });
    expect([1, 2, 3, 7].map((n) => retryDelay(settings, n))).toEqual([1_000, 5_000, 5_000, 5_000]);
  });

  it('gives JetStream one redelivery wait per retry: the ack wait plus the delay, never more than max_deliver - 1', () => {
    const settings = resolveSettings({ ...base, maxDeliver: 3, ackWaitMs: 10_000, backoffMs: [1_000, 5_000, 15_000] });
    expect(serverBackoffMs(settings)).toEqual([11_000, 15_000]);
  });

  it('defaults to 8 deliveries, 30 s ack wait and 4 at a time', () => {
    expect(resolveSettings(base)).toMatchObject({ maxDeliver: 8, ackWaitMs: 30_000, concurrency: 4 });
  });

  it('refuses settings JetStream or the runner cannot honour', () => {
    expect(() => resolveSettings({ ...base, maxDeliver: 1 })).toThrow(/maxDeliver/);
    expect(() => resolveSettings({ ...base, backoffMs: [] })).toThrow(/backoffMs/);
  });
});
