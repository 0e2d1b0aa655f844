// npm run bench -- pdf: page extraction alone (@gradeline/pdf). JPEG passthrough on a 200-page and
// a 2,000-page scanned PDF, each in its own child process so their peak RSS compare; the rasterise
// path; and the native references pdfimages -j (poppler) and mutool extract (MuPDF, CLI only).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bufferSource, createRasteriser, fileSource, openPdf } from '@gradeline/pdf';
import { JpegPdfWriter, generateScanPdf, vectorPdf } from '@gradeline/testing';
import { type Figure, type Suite, round, timed } from '../harness';

const CHILD_FLAG = 'GL_PDF_BENCH_CHILD';
const SIZES = [200, 2000] as const;
const GOAL_PAGES_PER_S = 40;

interface ChildResult {
  pages: number;
  passthrough: number;
  bytes: number;
  seconds: number;
  maxRssMiB: number;
  /** Peak RSS when half the pages were read: memory is flat when the second half adds nothing. */
  halfwayRssMiB: number;
}

const rssMiB = () => process.resourceUsage().maxRSS / 1024;

/** Child mode: extract every page JPEG of one file, then report speed and peak RSS. */
async function extractAll(file: string): Promise<ChildResult> {
  const source = await fileSource(file);
  const start = process.hrtime.bigint();
  const doc = await openPdf(source);
  let passthrough = 0;
  let bytes = 0;
  let halfwayRssMiB = 0;
  for (let i = 0; i < doc.pageCount; i++) {
    if (i === Math.floor(doc.pageCount / 2)) halfwayRssMiB = rssMiB();
    const scan = await doc.extractScannedJpeg(i);
    if (scan) {
      passthrough++;
      bytes += scan.jpeg.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await source.close();
  return { pages: doc.pageCount, passthrough, bytes, seconds, maxRssMiB: rssMiB(), halfwayRssMiB };
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err.slice(0, 500)}`))));
  });
}

async function extractInChild(file: string): Promise<ChildResult> {
  const args = ['--conditions=gradeline-source', '--import', 'tsx', __filename, file];
  const out = await run(process.execPath, args, { env: { ...process.env, [CHILD_FLAG]: '1' } });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

/** A few realistic 200 dpi scans from the shared generator, cycled into big files by its streaming writer. */
async function writeScannedPdfs(dir: string, log: (m: string) => void): Promise<Map<number, string>> {
  const { pdf } = await generateScanPdf({
    copies: [{ student: { lastName: 'Aubert', firstName: 'Lina', birthDate: '2008-02-11' } }, { student: null }],
    pagesPerCopy: 4,
    seed: 11,
    qr: { tenantGuard: '0a1b2c3d', examId: '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b' },
  });
  const doc = await openPdf(bufferSource(pdf));
  const pool: Buffer[] = [];
  for (let i = 0; i < doc.pageCount; i++) pool.push((await doc.extractScannedJpeg(i))!.jpeg);
  const mean = pool.reduce((n, j) => n + j.length, 0) / pool.length;
  log(`page pool: ${pool.length} generated scans, mean JPEG ${Math.round(mean / 1024)} KiB`);
  const files = new Map<number, string>();
  for (const pages of SIZES) {
    const file = path.join(dir, `scan-${pages}.pdf`);
    const writer = await JpegPdfWriter.create(file);
    for (let i = 0; i < pages; i++) await writer.addPage(pool[i % pool.length]!, 595.28, 841.89);
    await writer.close();
    log(`${pages} pages: ${Math.round((await fs.stat(file)).size / 2 ** 20)} MiB`);
    files.set(pages, file);
  }
  return files;
}

async function nativeReference(tool: 'pdfimages' | 'mutool', file: string, pages: number, dir: string): Promise<Figure> {
  const out = await fs.mkdtemp(path.join(dir, `${tool}-`));
  const seconds = await timed(async () => {
    if (tool === 'pdfimages') await run('pdfimages', ['-j', file, path.join(out, 'p')]);
    else await run('mutool', ['extract', file], { cwd: out });
  });
  const extracted = (await fs.readdir(out)).length;
  await fs.rm(out, { recursive: true, force: true });
  return { name: `${tool}-${pages}`, value: round(pages / seconds, 1), unit: 'pages/s', notes: `${extracted} files written; native reference` };
}

async function rasteriseFigure(log: (m: string) => void): Promise<Figure> {
  const pages = 20;
  const doc = await openPdf(bufferSource(await vectorPdf(pages, 5)));
  const rasteriser = await createRasteriser();
  await rasteriser.render(doc, 0); // warm PDFium up
  const seconds = await timed(async () => {
    for (let i = 0; i < pages; i++) await rasteriser.render(doc, i);
  });
  rasteriser.close();
  log(`rasterised ${pages} vector pages at 200 dpi in ${round(seconds)} s`);
  return { name: 'rasterise-200dpi', value: round(pages / seconds, 1), unit: 'pages/s', notes: 'PDFium (wasm) + sharp greyscale JPEG, one thread' };
}

async function runSuite(log: (m: string) => void): Promise<Figure[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-pdf-bench-'));
  try {
    const files = await writeScannedPdfs(dir, log);
    const figures: Figure[] = [];
    const rss = new Map<number, number>();
    let growth = Number.NaN;
    for (const [pages, file] of files) {
      const r = await extractInChild(file);
      log(`passthrough ${pages}: ${r.passthrough}/${r.pages} pages in ${round(r.seconds)} s, peak RSS ${round(r.maxRssMiB, 0)} MiB`);
      const rate = r.pages / r.seconds;
      rss.set(pages, r.maxRssMiB);
      if (pages === 2000) growth = r.maxRssMiB / r.halfwayRssMiB;
      figures.push(
        { name: `passthrough-${pages}`, value: round(rate, 0), unit: 'pages/s', goal: `>= ${GOAL_PAGES_PER_S}`, met: rate >= GOAL_PAGES_PER_S && r.passthrough === r.pages },
        { name: `passthrough-${pages}-peak-rss`, value: round(r.maxRssMiB, 0), unit: 'MiB', notes: 'child process max RSS (node + tsx included)' },
      );
      for (const tool of ['pdfimages', 'mutool'] as const) figures.push(await nativeReference(tool, file, pages, dir));
    }
    const ratio = rss.get(2000)! / rss.get(200)!;
    figures.push({
      name: 'peak-rss-2000-vs-200',
      value: round(ratio, 2),
      unit: 'x',
      goal: '<= 1.2 (flat in batch size)',
      met: ratio <= 1.2,
      notes: 'V8 frees page buffers only after ~64 MiB of them (external memory GC threshold); 200 small pages may not reach it',
    });
    figures.push({
      name: 'peak-rss-2000-second-half-vs-first',
      value: round(growth, 2),
      unit: 'x',
      goal: '<= 1.05 (pages 1,001-2,000 add nothing)',
      met: growth <= 1.05,
    });
    figures.push(await rasteriseFigure(log));
    return figures;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (process.env[CHILD_FLAG]) {
  extractAll(process.argv[2]!)
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

const suite: Suite = {
  name: 'pdf',
  description: 'PDF page extraction: JPEG passthrough speed and memory, rasterising, native references',
  run: (ctx) => runSuite(ctx.log),
};
export default suite;
