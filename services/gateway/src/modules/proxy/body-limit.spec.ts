import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { BodyTooLarge, ByteLimit, declaredLength } from './body-limit';

async function drain(chunks: Buffer[], limit: number): Promise<number> {
  let seen = 0;
  await pipeline(Readable.from(chunks), new ByteLimit(limit), new Writable({ write: (c: Buffer, _e, cb) => ((seen += c.length), cb()) }));
  return seen;
}

describe('upload byte limit', () => {
  it('passes a body up to the limit untouched', async () => {
    expect(await drain([Buffer.alloc(600), Buffer.alloc(400)], 1_000)).toBe(1_000);
  });

  it('fails the stream as soon as the limit is passed', async () => {
    await expect(drain([Buffer.alloc(600), Buffer.alloc(401), Buffer.alloc(10_000)], 1_000)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  it('reads a declared length, and nothing else', () => {
    expect(declaredLength('42')).toBe(42);
    expect(declaredLength(undefined)).toBeUndefined();
    expect(declaredLength('4e3')).toBeUndefined();
  });
});
