import { BatchQueue } from './batch-queue';

describe('the queue between pulling and the workers', () => {
  it('gives a waiting worker a single item at once, and a busy system whole batches', async () => {
    const queue = new BatchQueue<number>(100);
    const first = queue.take(10);
    await queue.put(1);
    expect(await first).toEqual([1]);
    for (let i = 2; i <= 25; i++) await queue.put(i);
    expect(await queue.take(10)).toHaveLength(10);
    expect(await queue.take(10)).toHaveLength(10);
    expect(await queue.take(10)).toHaveLength(4);
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
    expect(queue.close()).toEqual([7]);
    expect(await queue.take(5)).toBeUndefined();
  });
});
