// npm run bench -- export: graded PDF rendering (30 copies of 4 scanned pages with 20 annotations
// each: copies/s) and the streamed ZIP of 150 graded copies (seconds and peak RSS, in a child
// process so its memory is its own). The export service's code is used as it runs in the service.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bufferSource, openPdf } from '@gradeline/pdf';
import { FilesystemObjectStore } from '@gradeline/storage';
import { generateScanPdf } from '@gradeline/testing';
import { renderGradedPdf, type GradedCopyInput } from '../../../../services/export/src/modules/rendering/graded-pdf';
import { writeZip } from '../../../../services/export/src/modules/exports/zip-writer';
import { annotationsFor, pageOf, resultFor, schemeNodes } from '../../../../services/export/test/support/graded-copy.fixture';
import { type Figure, type Suite, round, timed } from '../harness';

const CHILD_FLAG = 'GL_EXPORT_BENCH_CHILD';
const COPIES = 30;
const ZIP_COPIES = 150;
const GOAL_COPIES_PER_S = 20;

/** Four realistic 200 dpi greyscale scans from the shared generator. */
async function scans(): Promise<Buffer[]> {
  const { pdf } = await generateScanPdf({
    copies: [{ student: { lastName: 'Aubert', firstName: 'Lina', birthDate: '2012-02-11' } }], pagesPerCopy: 4, seed: 21, dpi: 200,
  });
  const doc = await openPdf(bufferSource(pdf));
  const jpegs: Buffer[] = [];
  for (let i = 0; i < doc.pageCount; i++) jpegs.push((await doc.extractScannedJpeg(i))!.jpeg);
  return jpegs;
}

function copyInput(jpegs: Buffer[], i: number): GradedCopyInput {
  const nodes = schemeNodes();
  return {
    institution: 'Collège Émile-Zola',
    exam: { name: 'Contrôle n°3 — Fractions', subject: 'Mathématiques', date: '2026-06-12', scaleTo: 20 },
    identity: { kind: 'student', lastName: `Élève${i}`, firstName: 'Zoé', className: '4B' },
    result: resultFor(nodes, annotationsFor(4, 5)),
    nodes,
    pages: jpegs.map((j, n) => pageOf(n + 1, `scan-${n}`, j.length, 1654, 2339)),
  };
}

async function renderFigures(jpegs: Buffer[], log: (m: string) => void): Promise<{ figures: Figure[]; sample: Uint8Array }> {
  const load = async (page: { objectKey: string }) => jpegs[Number(page.objectKey.slice(5))]!;
  const sample = (await renderGradedPdf(copyInput(jpegs, 0), load)).bytes; // warm-up (fonts, JIT)
  let bytes = 0;
  const cpu = process.cpuUsage();
  const seconds = await timed(async () => {
    for (let i = 0; i < COPIES; i++) bytes += (await renderGradedPdf(copyInput(jpegs, i), load)).bytes.length;
  });
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rate = COPIES / seconds;
  const load1 = os.loadavg()[0]!;
  log(`rendered ${COPIES} copies in ${round(seconds)} s wall, ${round(cpuSeconds)} s CPU (load average ${round(load1, 1)}), mean PDF ${Math.round(bytes / COPIES / 1024)} KiB`);
  return {
    sample,
    figures: [
      { name: 'render-copies', value: round(rate, 1), unit: 'copies/s', goal: `>= ${GOAL_COPIES_PER_S}`, met: rate >= GOAL_COPIES_PER_S, notes: `4 pages of 200 dpi scans, 20 annotations, one thread; load average ${round(load1, 1)} on 2 cores` },
      { name: 'render-copies-per-cpu-second', value: round(COPIES / cpuSeconds, 1), unit: 'copies/s', goal: `>= ${GOAL_COPIES_PER_S}`, met: COPIES / cpuSeconds >= GOAL_COPIES_PER_S, notes: 'the same, per second of CPU the process got (what an unloaded core gives)' },
      { name: 'render-pdf-size', value: Math.round(bytes / COPIES / 1024), unit: 'KiB', notes: `scans ${Math.round(jpegs.reduce((n, j) => n + j.length, 0) / 1024)} KiB embedded as they are, subset fonts` },
    ],
  };
}

interface ZipResult { seconds: number; zipMiB: number; baseRssMiB: number; peakRssMiB: number }
const rssMiB = () => process.resourceUsage().maxRSS / 1024;

/** Child mode: 150 stored copies → one streamed ZIP in the same store. */
async function zipInChildMode(pdfFile: string): Promise<ZipResult> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-export-zip-bench-'));
  try {
    const store = new FilesystemObjectStore({ root, signing: { secret: 'x'.repeat(32), baseUrl: 'http://bench/files' } });
    const pdf = await fs.readFile(pdfFile);
    for (let i = 0; i < ZIP_COPIES; i++) await store.put(`t/export/copies/${i}/v1.pdf`, pdf, { contentType: 'application/pdf' });
    const baseRssMiB = rssMiB();
    const sources = Array.from({ length: ZIP_COPIES }, (_, i) => ({ name: `ÉLÈVE ${i} Zoé.pdf`, open: () => store.get(`t/export/copies/${i}/v1.pdf`) }));
    const seconds = await timed(async () => void (await writeZip(sources, (archive) => store.put('t/export/artefacts/e/x.zip', archive, { contentType: 'application/zip' }))));
    const info = await store.head('t/export/artefacts/e/x.zip');
    return { seconds, zipMiB: info!.size / 2 ** 20, baseRssMiB, peakRssMiB: rssMiB() };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

function zipInChild(pdfFile: string): Promise<ZipResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', __filename, pdfFile], { env: { ...process.env, [CHILD_FLAG]: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ZipResult) : reject(new Error(`zip child exited ${code}`))));
  });
}

async function runSuite(log: (m: string) => void): Promise<Figure[]> {
  const jpegs = await scans();
  log(`scans: ${jpegs.length} pages, mean JPEG ${Math.round(jpegs.reduce((n, j) => n + j.length, 0) / jpegs.length / 1024)} KiB`);
  const { figures, sample } = await renderFigures(jpegs, log);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-export-bench-'));
  try {
    const file = path.join(dir, 'copy.pdf');
    await fs.writeFile(file, sample);
    const zip = await zipInChild(file);
    log(`zip of ${ZIP_COPIES} copies: ${round(zip.zipMiB, 0)} MiB in ${round(zip.seconds)} s, RSS ${round(zip.baseRssMiB, 0)} → ${round(zip.peakRssMiB, 0)} MiB`);
    figures.push(
      { name: 'zip-150-copies', value: round(zip.seconds, 2), unit: 's', notes: `${round(zip.zipMiB, 0)} MiB archive, filesystem store in and out` },
      { name: 'zip-150-peak-rss', value: round(zip.peakRssMiB, 0), unit: 'MiB', goal: 'bounded (far below the archive size)', met: zip.peakRssMiB - zip.baseRssMiB < zip.zipMiB / 2, notes: `child process max RSS; ${round(zip.baseRssMiB, 0)} MiB before zipping` },
    );
    return figures;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (process.env[CHILD_FLAG]) {
  zipInChildMode(process.argv[2]!)
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
  name: 'export',
  description: 'Graded PDF rendering speed and the streamed ZIP of 150 copies (time, peak RSS)',
  run: (ctx) => runSuite(ctx.log),
};
export default suite;
