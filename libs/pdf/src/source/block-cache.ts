export interface BlockCacheOptions {
  /** Bytes per cached block (default 64 KiB; 256 KiB for range sources). */
  blockSize?: number;
  /** Blocks kept, least recently used evicted first (default 32). Bounds the cache's memory. */
  maxBlocks?: number;
  /** Extra blocks fetched after a missed one in the same backing read (default 1). */
  readAhead?: number;
  /** Reads longer than this go straight to the backing reader, uncached (default two blocks). */
  directAbove?: number;
}

type RawRead = (offset: number, length: number) => Promise<Buffer>;

/**
 * An LRU of fixed-size blocks in front of a slow reader. The PDF reader makes many small reads
 * (xref rows, object headers, dictionaries) that cluster; big reads (image data) bypass the cache
 * so they never evict the small, hot blocks and never stay in memory after use.
 */
export class BlockCache {
  private readonly blockSize: number;
  private readonly maxBlocks: number;
  private readonly readAhead: number;
  private readonly directAbove: number;
  private readonly blocks = new Map<number, Promise<Buffer>>();

  constructor(
    private readonly size: number,
    private readonly raw: RawRead,
    options: BlockCacheOptions = {},
  ) {
    this.blockSize = options.blockSize ?? 64 * 1024;
    this.maxBlocks = Math.max(2, options.maxBlocks ?? 32);
    this.readAhead = Math.max(0, options.readAhead ?? 1);
    this.directAbove = options.directAbove ?? this.blockSize * 2;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    if (length > this.directAbove) return this.raw(offset, length);
    const first = Math.floor(offset / this.blockSize);
    const last = Math.floor((offset + length - 1) / this.blockSize);
    const parts: Buffer[] = [];
    for (let b = first; b <= last; b++) parts.push(await this.block(b));
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const start = offset - first * this.blockSize;
    return joined.subarray(start, start + length);
  }

  private block(index: number): Promise<Buffer> {
    const hit = this.blocks.get(index);
    if (hit) {
      this.blocks.delete(index);
      this.blocks.set(index, hit);
      return hit;
    }
    const lastBlock = Math.floor((this.size - 1) / this.blockSize);
    let count = 1;
    while (count <= this.readAhead && index + count <= lastBlock && !this.blocks.has(index + count)) count++;
    const start = index * this.blockSize;
    const whole = this.raw(start, Math.min(this.size, start + count * this.blockSize) - start);
    for (let i = 0; i < count; i++) {
      const part = whole.then((buf) => buf.subarray(i * this.blockSize, (i + 1) * this.blockSize));
      // Read-ahead parts may never be awaited; their failure is reported to whoever asks for them.
      part.catch(() => undefined);
      this.blocks.set(index + i, part);
    }
    // A failed read must not poison the cache: the next caller retries.
    whole.catch(() => {
      for (let i = 0; i < count; i++) this.blocks.delete(index + i);
    });
    const mine = this.blocks.get(index)!;
    this.evict();
    return mine;
  }

  private evict(): void {
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value;
      if (oldest === undefined) return;
      this.blocks.delete(oldest);
    }
  }
}
