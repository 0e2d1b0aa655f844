import { parseByteRange } from './byte-range';

describe('parseByteRange', () => {
  it('reads a closed range, an open-ended one and a suffix', () => {
    expect(parseByteRange('bytes=2-5', 10)).toEqual({ start: 2, end: 5 });
    expect(parseByteRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
  });

  it('clips an end past the object', () => {
    expect(parseByteRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
  });

  it('falls back to the whole object for what it cannot serve as one range', () => {
    for (const header of [undefined, 'bytes=10-12', 'bytes=5-2', 'bytes=0-1,4-5', 'items=0-1', 'bytes=-', 'bytes=-0']) {
      expect(parseByteRange(header, 10)).toBeNull();
    }
    expect(parseByteRange('bytes=0-0', 0)).toBeNull();
  });
});
