import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// A full collection before each sample, so the figure is memory still held, not garbage awaiting GC.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const held = (): number => {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

/**
 * A generated stream of `total` bytes in fresh 256 KiB chunks (a consumer that kept them would hold
 * them all) that samples memory every 4 MiB it produces, so a test can see what the consumer holds.
 */
export function streamObservedForMemory(total: number): { stream: Readable; peakGrowth(): number; sha256(): string } {
  const chunkSize = 256 * 1024;
  const hash = createHash('sha256');
  const baseline = held();
  let peak = 0;
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      if (produced % (4 * 1024 * 1024) === 0) peak = Math.max(peak, held() - baseline);
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, total - produced));
      for (let i = 0; i < chunk.length; i += 4096) chunk.fill((produced + i) % 251, i, i + 4096);
      hash.update(chunk);
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, peakGrowth: () => peak, sha256: () => hash.digest('hex') };
}
