import { Readable } from 'node:stream';
import { rangeSource } from './random-access-source';

describe('a source read by range requests', () => {
  const data = Buffer.alloc(2_000_000, 0).map((_, i) => i % 251);
  const fetching = () => {
    const ranges: Array<[number, number]> = [];
    const source = rangeSource(data.length, (start, end) => {
      ranges.push([start, end]);
      // In 64 KiB chunks, as a storage stream arrives.
      const bytes = data.subarray(start, end + 1);
      return Promise.resolve(Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536))));
    });
    return { ranges, source };
  };

  it("fetches a page image's bytes in one request of exactly their range", async () => {
    const { ranges, source } = fetching();
    expect((await source.read(700_000, 177_000)).equals(data.subarray(700_000, 877_000))).toBe(true);
    expect(ranges).toEqual([[700_000, 876_999]]);
  });

  it('serves small nearby reads (cross-references, dictionaries) from a cached block', async () => {
    const { ranges, source } = fetching();
    for (let offset = 1_000; offset < 9_000; offset += 500) expect((await source.read(offset, 40)).equals(data.subarray(offset, offset + 40))).toBe(true);
    expect(ranges).toEqual([[0, 512 * 1024 - 1]]);
  });
});
