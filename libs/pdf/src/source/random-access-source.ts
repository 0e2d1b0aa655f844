import fs from 'node:fs/promises';
import { type Readable } from 'node:stream';
import { BlockCache, type BlockCacheOptions } from './block-cache';

/**
 * Bytes that can be read at any offset without holding the whole file: a local file, a buffer, or
 * an object in storage read by HTTP range requests. The PDF reader only ever asks for what it needs.
 */
export interface RandomAccessSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Buffer>;
  /** Releases the file handle or connection, when there is one. */
  close(): Promise<void>;
}

/** Reads `length` bytes at `offset` from a backing store; no caching. */
type RawRead = (offset: number, length: number) => Promise<Buffer>;

/** Wraps a raw reader with bounds checks and the block cache. */
function cached(size: number, raw: RawRead, close: () => Promise<void>, options?: BlockCacheOptions): RandomAccessSource {
  const cache = new BlockCache(size, raw, options);
  return {
    size,
    read(offset, length) {
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) {
        return Promise.reject(new RangeError(`bad read ${offset}+${length}`));
      }
      const end = Math.min(size, offset + length);
      if (end <= offset) return Promise.resolve(Buffer.alloc(0));
      return cache.read(offset, end - offset);
    },
    close,
  };
}

/** A source over bytes already in memory (tests, small uploads). */
export function bufferSource(buf: Buffer | Uint8Array): RandomAccessSource {
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    size: bytes.length,
    read(offset, length) {
      return Promise.resolve(bytes.subarray(Math.max(0, offset), Math.min(bytes.length, offset + length)));
    },
    close: () => Promise.resolve(),
  };
}

/** A source over a local file, read through a FileHandle; call close() when done. */
export async function fileSource(path: string, options?: BlockCacheOptions): Promise<RandomAccessSource> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const raw: RawRead = async (offset, length) => {
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? buf : buf.subarray(0, done);
    };
    return cached(size, raw, () => handle.close(), options);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Fetches bytes `start..endInclusive` (an HTTP Range request, for instance). */
export type RangeFetch = (start: number, endInclusive: number) => Promise<Readable | Buffer>;

/**
 * A source over an object read by range requests (S3 GetObject with Range). Blocks are larger by
 * default because each miss is a round trip. A read of 64 KiB or more (a page's image) is one
 * request for exactly its bytes: through the blocks it would fetch up to twice its size (the block
 * read ahead) and copy it twice more.
 */
export function rangeSource(size: number, fetch: RangeFetch, options?: BlockCacheOptions): RandomAccessSource {
  const raw: RawRead = async (offset, length) => {
    const body = await fetch(offset, offset + length - 1);
    if (Buffer.isBuffer(body)) return body.subarray(0, length);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).subarray(0, length);
  };
  return cached(size, raw, () => Promise.resolve(), { blockSize: 256 * 1024, directAbove: 64 * 1024, ...options });
}
