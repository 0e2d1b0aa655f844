import { BatchQueue } from './batch-queue';

describe('the queue between pulling and the workers', () => {
  it('gives a waiting worker a lone item at once, and what one network read brings as one batch', async () => {
    const queue = new BatchQueue<number>(100);
    const first = queue.take(10);
    await queue.put(1);
    const lone = await first;
    expect(lone!.items).toEqual([1]);
    lone!.done();

    const second = queue.take(10);
    // Messages parsed from one read are queued in the same turn of the event loop.
    for (let i = 2; i <= 6; i++) void queue.put(i);
    expect((await second)!.items).toEqual([2, 3, 4, 5, 6]);
  });

  it('runs full batches side by side', async () => {
    const queue = new BatchQueue<number>(100);
    for (let i = 1; i <= 25; i++) await queue.put(i);
    const a = await queue.take(10);
    const b = await queue.take(10);
    expect(a!.items).toHaveLength(10);
    expect(b!.items).toHaveLength(10);
    // The rest is a partial batch: it may go while the full ones are still running.
    expect((await queue.take(10))!.items).toEqual([21, 22, 23, 24, 25]);
  });

  it('gathers what arrives while a partial batch is running into the next batch', async () => {
    const queue = new BatchQueue<number>(100);
    await queue.put(1);
    const running = await queue.take(10);
    expect(running!.items).toEqual([1]);

    let next: number[] | undefined;
    const waiting = queue.take(10).then((b) => (next = b!.items));
    await queue.put(2);
    await new Promise((r) => setImmediate(r));
    await queue.put(3);
    await new Promise((r) => setImmediate(r));
    expect(next).toBeUndefined();

    running!.done();
    await waiting;
    expect(next).toEqual([2, 3]);
  });

  it('does not hold back a full batch behind a running partial one', async () => {
    const queue = new BatchQueue<number>(100);
    await queue.put(0);
    const running = await queue.take(3);
    const waiting = queue.take(3);
    for (let i = 1; i <= 3; i++) await queue.put(i);
    expect((await waiting)!.items).toEqual([1, 2, 3]);
    running!.done();
  });

  it('holds the producer back at the high-water mark until a worker takes', async () => {
    const queue = new BatchQueue<number>(2);
    await queue.put(1);
    let released = false;
    const blocked = queue.put(2).then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    await queue.take(1);
    await blocked;
    expect(released).toBe(true);
  });

  it('returns what was left when closed and lets workers finish', async () => {
    const queue = new BatchQueue<number>(10);
    await queue.put(7);
    const running = await queue.take(5);
    await queue.put(8);
    const waiting = queue.take(5);
    expect(queue.close()).toEqual([8]);
    expect(await waiting).toBeUndefined();
    running!.done();
    expect(await queue.take(5)).toBeUndefined();
  });
});
