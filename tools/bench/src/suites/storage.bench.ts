// npm run bench -- storage: the filesystem object store (development and single-node installs).
// A big streamed upload and read-back (throughput, and that memory stays flat), page-image-sized
// puts (each one fsyncs a blob and a pointer), random range reads as the lazy PDF reader does
// them, and signed-URL downloads through the fastify route.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLogger, createServer } from '@gradeline/kit';
import { FilesystemObjectStore, signedObjectRoutes } from '@gradeline/storage';
import { type Figure, type Suite, round, timed } from '../harness';

const MiB = 1024 * 1024;
const BIG = 256 * MiB;
const PAGES = 300;
const PAGE = 300 * 1024;
const RANGES = 2_000;
const DOWNLOADS = 500;
const SECRET = 'bench-signing-secret-0123456789abcdef';

function generated(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(MiB, total - sent), sent % 251);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) void _chunk;
}

const suite: Suite = {
  name: 'storage',
  description: 'Filesystem object store: streamed put/get, page-sized puts, range reads, signed downloads',
  async run(ctx) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'gl-bench-store-'));
    const store = new FilesystemObjectStore({ root, signing: { secret: SECRET, baseUrl: 'http://bench.test/files' } });
    const figures: Figure[] = [];
    try {
      ctx.log(`streaming ${BIG / MiB} MiB in and out`);
      const rssBefore = process.memoryUsage().rss;
      const putSeconds = await timed(async () => void (await store.put('big/scan.pdf', generated(BIG))));
      const rssGrowth = (process.memoryUsage().rss - rssBefore) / MiB;
      const getSeconds = await timed(async () => drain(await store.get('big/scan.pdf')));
      figures.push(
        { name: 'streamed put throughput', value: round(BIG / MiB / putSeconds, 1), unit: 'MiB/s', notes: 'fsync included' },
        { name: 'streamed put RSS growth', value: round(rssGrowth, 1), unit: 'MiB', goal: `far below ${BIG / MiB} MiB`, met: rssGrowth < BIG / MiB / 4 },
        { name: 'get throughput', value: round(BIG / MiB / getSeconds, 1), unit: 'MiB/s' },
      );

      ctx.log(`${PAGES} page-sized puts`);
      const page = Buffer.alloc(PAGE, 7);
      const pageSeconds = await timed(async () => {
        for (let i = 0; i < PAGES; i += 1) await store.put(`pages/${i}.jpg`, page, { contentType: 'image/jpeg' });
      });
      figures.push({ name: 'page puts (300 KiB, sequential)', value: round(PAGES / pageSeconds, 0), unit: 'objects/s' });

      ctx.log(`${RANGES} random 64 KiB ranges`);
      const rangeSeconds = await timed(async () => {
        for (let i = 0; i < RANGES; i += 1) {
          const start = Math.floor(Math.random() * (BIG - 64 * 1024));
          await drain(await store.getRange('big/scan.pdf', start, start + 64 * 1024 - 1));
        }
      });
      figures.push({ name: 'range reads (64 KiB)', value: round(RANGES / rangeSeconds, 0), unit: 'reads/s' });

      ctx.log(`${DOWNLOADS} signed downloads through the route`);
      const app = createServer({ service: 'bench', logger: createLogger({ service: 'bench', level: 'silent' }) });
      await app.register(signedObjectRoutes, { store, secret: SECRET, prefix: '/files' });
      const url = new URL(await store.signedReadUrl('pages/1.jpg', { expiresInSeconds: 600 })).pathname;
      const downloadSeconds = await timed(async () => {
        for (let i = 0; i < DOWNLOADS; i += 1) await app.inject({ method: 'GET', url });
      });
      await app.close();
      figures.push({ name: 'signed downloads (300 KiB, inject)', value: round(DOWNLOADS / downloadSeconds, 0), unit: 'req/s' });
      return figures;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};

export default suite;
