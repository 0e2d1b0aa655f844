import { Doorbell } from './doorbell';

describe('Doorbell', () => {
  it('wakes every waiting loop at once', async () => {
    const bell = new Doorbell();
    const woken: number[] = [];
    const waits = [1, 2, 3].map((n) => bell.wait(60_000).then(() => woken.push(n)));
    bell.ring();
    await Promise.all(waits);
    expect(woken.sort()).toEqual([1, 2, 3]);
  });

  it('keeps a ring nobody heard for the next wait', async () => {
    const bell = new Doorbell();
    bell.ring();
    await expect(bell.wait(60_000)).resolves.toBeUndefined();
  });

  it('gives up waiting after the timeout', async () => {
    await expect(new Doorbell().wait(5)).resolves.toBeUndefined();
  });
});
