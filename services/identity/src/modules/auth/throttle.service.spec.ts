import { lockDurationMs } from './throttle.service';

const settings = { lockAfter: 5, lockBaseMs: 60_000, lockMaxMs: 30 * 60_000, ipMaxFailures: 50, ipWindowMs: 900_000 };

describe('the account lock after failed sign-ins', () => {
  it('lets four failures pass, then locks 1, 2, 4, 8, 16 minutes', () => {
    expect([1, 2, 3, 4].map((n) => lockDurationMs(n, settings))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => lockDurationMs(n, settings) / 60_000)).toEqual([1, 2, 4, 8, 16]);
  });

  it('never locks longer than the cap, however many failures', () => {
    expect(lockDurationMs(10, settings)).toBe(30 * 60_000);
    expect(lockDurationMs(10_000, settings)).toBe(30 * 60_000);
  });
});
