import { BlockCache } from './block-cache';

function counting(size: number) {
  const data = Buffer.alloc(size, 0).map((_, i) => i % 251);
  const reads: Array<[number, number]> = [];
  const raw = (offset: number, length: number) => {
    reads.push([offset, length]);
    return Promise.resolve(Buffer.from(data.subarray(offset, offset + length)));
  };
  return { data, reads, raw };
}

describe('the block cache in front of a source', () => {
  it('serves many small nearby reads from one backing read', async () => {
    const { data, reads, raw } = counting(100_000);
    const cache = new BlockCache(data.length, raw, { blockSize: 1024, readAhead: 1 });
    for (let off = 100; off < 1900; off += 37) expect((await cache.read(off, 30)).equals(data.subarray(off, off + 30))).toBe(true);
    expect(reads).toEqual([[0, 2048]]);
  });

  it('reads across block boundaries correctly', async () => {
    const { data, raw } = counting(10_000);
    const cache = new BlockCache(data.length, raw, { blockSize: 1000, readAhead: 0 });
    expect((await cache.read(990, 1020)).equals(data.subarray(990, 2010))).toBe(true);
  });

  it('lets big reads (image data) bypass the cache', async () => {
    const { data, reads, raw } = counting(100_000);
    const cache = new BlockCache(data.length, raw, { blockSize: 1024 });
    expect((await cache.read(5000, 50_000)).equals(data.subarray(5000, 55_000))).toBe(true);
    expect(reads).toEqual([[5000, 50_000]]);
  });

  it('reads exactly the bytes asked for above directAbove, without fetching whole blocks', async () => {
    const { data, reads, raw } = counting(2_000_000);
    const cache = new BlockCache(data.length, raw, { blockSize: 256 * 1024, directAbove: 64 * 1024 });
    expect((await cache.read(300_000, 180_000)).equals(data.subarray(300_000, 480_000))).toBe(true);
    expect((await cache.read(10, 64 * 1024)).equals(data.subarray(10, 10 + 64 * 1024))).toBe(true);
    expect(reads).toEqual([[300_000, 180_000], [0, 512 * 1024]]);
  });

  it('keeps at most maxBlocks blocks, re-reading evicted ones', async () => {
    const { data, reads, raw } = counting(100_000);
    const cache = new BlockCache(data.length, raw, { blockSize: 1000, maxBlocks: 2, readAhead: 0 });
    await cache.read(0, 10);
    await cache.read(5000, 10);
    await cache.read(9000, 10);
    await cache.read(0, 10);
    expect(reads.map(([o]) => o)).toEqual([0, 5000, 9000, 0]);
  });

  it('retries after a failed backing read', async () => {
    let fail = true;
    const cache = new BlockCache(1000, (o, l) => (fail ? Promise.reject(new Error('network')) : Promise.resolve(Buffer.alloc(l, 7))), {
      blockSize: 100,
    });
    await expect(cache.read(0, 10)).rejects.toThrow('network');
    fail = false;
    expect((await cache.read(0, 10))[0]).toBe(7);
  });
});
