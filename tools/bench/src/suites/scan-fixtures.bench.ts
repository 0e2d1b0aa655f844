// How fast @gradeline/testing draws its synthetic scans, and whether streaming keeps memory flat.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHeaderImage, generateRoster, generateScanPdf, generateScanPdfToFile } from '@gradeline/testing';
import { type Figure, round, type Suite, timed } from '../harness';

const qr = { tenantGuard: '1a2b3c4d', examId: '0b9f5a3e-7f7c-4e0b-9d7c-3b1f2d4e5a6b' };

const suite: Suite = {
  name: 'scan-fixtures',
  description: 'synthetic scanner batches, header crops and the streaming PDF writer (libs/testing)',
  async run(ctx) {
    const copies = generateRoster({ count: 60, seed: 1 }).map((student) => ({ student }));
    const figures: Figure[] = [];
    let bytes = 0;
    const inMemory = await timed(async () => {
      bytes = (await generateScanPdf({ copies: copies.slice(0, 30), pagesPerCopy: 4, seed: 1, qr })).pdf.length;
    });
    ctx.log(`120 pages in memory: ${round(inMemory)} s, ${round(bytes / 2 ** 20)} MiB`);
    figures.push({ name: '120 pages at 200 dpi, in memory', value: round(inMemory), unit: 's', goal: '< 60 s', met: inMemory < 60 });
    figures.push({ name: 'mean page size', value: round(bytes / 120 / 1024), unit: 'KiB' });

    const crops = await timed(async () => {
      for (let i = 0; i < 150; i++) {
        await generateHeaderImage({ student: copies[i % copies.length]!.student, seed: i, noise: 0.3, blur: 0.8, ocrSlip: i % 5 === 0 });
      }
    });
    figures.push({ name: '150 header crops (noise, blur, skew)', value: round(crops), unit: 's' });

    const dir = mkdtempSync(join(tmpdir(), 'gl-bench-scans-'));
    try {
      const path = join(dir, 'batch.pdf');
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const streamed = await timed(async () => {
        await generateScanPdfToFile(path, { copies, pagesPerCopy: 4, seed: 2, qr });
      });
      clearInterval(sampler);
      const growth = (peak - before) / 2 ** 20;
      ctx.log(`240 pages streamed: ${round(streamed)} s, ${round(statSync(path).size / 2 ** 20)} MiB file, RSS +${round(growth)} MiB`);
      figures.push({ name: '240 pages streamed to disk', value: round(240 / streamed), unit: 'pages/s' });
      figures.push({ name: 'RSS growth while streaming 240 pages', value: round(growth), unit: 'MiB', goal: 'flat: < 300 MiB', met: growth < 300 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default suite;
