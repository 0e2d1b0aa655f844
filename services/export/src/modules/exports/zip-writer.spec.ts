import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { FilesystemObjectStore } from '@gradeline/storage';
import { writeZip } from './zip-writer';

const COPIES = 150;
const SIZE = 1024 * 1024;
const MiB = 1024 * 1024;

/** Entry count and names from the ZIP's central directory. */
function centralDirectory(zip: Buffer): { entries: number; names: string[] } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < entries; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return { entries, names };
}

describe('the streamed ZIP', () => {
  let root: string;
  let store: FilesystemObjectStore;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-export-zip-'));
    store = new FilesystemObjectStore({ root, signing: { secret: 'x'.repeat(32), baseUrl: 'http://gradeline.test/files' } });
    for (let i = 0; i < COPIES; i++) await store.put(`pdfs/${i}.pdf`, randomBytes(SIZE));
  }, 60_000);
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it('archives 150 copies of 1 MiB reading one at a time, with memory far below the archive’s size', async () => {
    let open = 0;
    let mostOpen = 0;
    const sources = Array.from({ length: COPIES }, (_, i) => ({
      name: `ÉLÈVE ${i} Zoé.pdf`,
      open: async (): Promise<Readable> => {
        const stream = await store.get(`pdfs/${i}.pdf`);
        mostOpen = Math.max(mostOpen, ++open);
        stream.once('close', () => open--);
        return stream;
      },
    }));
    // Buffers, not RSS: jest runs every file in one process here, and its RSS moves with whatever
    // earlier files left for the GC (a CI run saw +369 MiB RSS with this writer streaming).
    const base = process.memoryUsage().arrayBuffers;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const progress: number[] = [];
    try {
      await writeZip(sources, (archive) => store.put('out/copies.zip', archive, { contentType: 'application/zip' }), (n) => void progress.push(n));
    } finally {
      clearInterval(sampler);
    }
    expect(mostOpen).toBe(1);
    expect(progress).toEqual(Array.from({ length: COPIES }, (_, i) => i + 1));
    const info = await store.head('out/copies.zip');
    expect(info!.size).toBeGreaterThan(COPIES * SIZE);
    // The archive is 150 MiB; a writer that buffered it (or its entries) would hold that much.
    expect((peak - base) / MiB).toBeLessThan(100);
    const directory = centralDirectory(await buffer(await store.get('out/copies.zip')));
    expect(directory.entries).toBe(COPIES);
    expect(directory.names).toEqual(sources.map((s) => s.name));
  }, 120_000);
});
