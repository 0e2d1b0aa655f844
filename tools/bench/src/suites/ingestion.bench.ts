// npm run bench -- ingestion: the ingestion service end to end, as deployed: its own process (HTTP,
// task loops and page threads with their defaults), its own database, a NATS namespace and a
// filesystem store. A generated batch of 30 copies × 4 pages at 200 dpi is uploaded over HTTP; the
// clock stops at the last `ingestion.copy.assembled.v1` in the stream. Peak RSS is the process's
// VmHWM. Then memory against batch size (100 vs 2,000 pages, each in a fresh process), the
// rasterised path, and pdfimages / mutool on the same file as native references (when installed).
// CPU per page is the ingestion process's (every thread), plus its PostgreSQL backends' and the
// NATS server's over the same interval (the NATS server is shared: its figure is an upper bound).
// Speed scenarios process their batch BENCH_INGESTION_RUNS times (default 3) in one service and
// report the median run. BENCH_INGESTION=qr,plain,memory,rasterised,native picks scenarios (default all).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestIssuer, type TestIssuer } from '@gradeline/auth/testing';
import { PROCESS_ENV } from '@gradeline/dev';
import { DEFAULT_HEADER_REGION } from '@gradeline/contracts';
import { connectBus } from '@gradeline/messaging';
import { bufferSource, openPdf, tenantGuardOf } from '@gradeline/pdf';
import { publishEvent } from '@gradeline/runtime/testing';
import { JpegPdfWriter, createTestDatabase, generateScanPdfToFile, testNamespace, testNatsUrl, vectorPdf } from '@gradeline/testing';
import { type Figure, type Suite, round, timed } from '../harness';
import { cpuBetween, cpuReadings, peakRssMiB, postgresBackends, processesMatching } from '../proc';
import { batchTimeline, poll, uploadAndWait } from './ingestion/batches';
import { installed, run, SERVICE_NODE_ARGS, startService } from './ingestion/processes';

const GOAL_PAGES_PER_S = 40;
const A4 = [595.28, 841.89] as const;

interface Scenario {
  name: string;
  file: string;
  /** A small batch processed first, so the measure is of a running service (threads started, code loaded). */
  warmup: string;
  pages: number;
  pagesPerCopy: number;
  copies: number;
  tenantId: string;
  examId: string;
  /** Times the batch is processed in the same service (uploaded again as a new batch); the median is reported. */
  runs: number;
}

interface Outcome {
  seconds: number;
  peakRssMiB: number;
  /** CPU time per page, in ms: the service process (every thread), its database backends, the NATS server. */
  cpuMsPerPage: { ingestion: number; postgres: number; nats: number; total: number };
  /** Pages per second of every run, in order (the outcome is the median run's). */
  runs: number[];
}

/** BENCH_INGESTION_RUNS: runs of each speed scenario (default 3; one run on this VM varies by ±15%). */
const RUNS = Number(process.env.BENCH_INGESTION_RUNS ?? 3);

async function scenario(s: Scenario, issuer: TestIssuer, natsUrl: string, log: (m: string) => void): Promise<Outcome> {
  const database = await createTestDatabase('gl_bench_ingestion_');
  const storeRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-bench-ingestion-store-'));
  const namespace = testNamespace();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    // The process settings it has wherever it runs (heap cap, malloc arenas), then INGESTION_CONCURRENCY,
    // INGESTION_THREADS, MALLOC_ARENA_MAX… set for the bench, to compare settings.
    ...PROCESS_ENV.ingestion,
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INGESTION_') || k === 'MALLOC_ARENA_MAX')),
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    NATS_URL: natsUrl,
    NATS_NAMESPACE: namespace,
    JWKS_URL: issuer.jwksUrl,
    PUBLIC_URL: 'http://localhost:8080',
    STORAGE_KIND: 'fs',
    STORAGE_FS_ROOT: storeRoot,
    STORAGE_SIGNING_SECRET: randomUUID() + randomUUID(),
  };
  const { child, url } = await startService(env);
  const bus = await connectBus({ url: natsUrl, name: 'bench', namespace });
  try {
    const auth = await issuer.bearer({ sub: randomUUID(), tid: s.tenantId, role: 'teacher', scp: 'full' });
    await publishEvent(bus, 'exam.exam.created.v1', s.tenantId, {
      examId: s.examId, name: 'Bench', subject: 'Maths', date: '2026-11-20', classNames: ['3B'], pagesPerCopy: s.pagesPerCopy,
      headerRegion: DEFAULT_HEADER_REGION, correctorIds: [], leadTeacherIds: [], status: 'open', scaleTo: 20, coefficient: '1.0',
    });
    await poll('the exam read model', async () => ((await fetch(`${url}/exams/${s.examId}/batches`, { headers: auth })).ok ? true : undefined));
    await uploadAndWait(url, auth, s.examId, s.warmup);
    const read = () => ({
      ingestion: cpuReadings([child.pid!]),
      postgres: cpuReadings(postgresBackends([database.name])),
      nats: cpuReadings(processesMatching((cmd) => /(^|\/)nats-server /.test(cmd))),
    });
    const measured: Array<Omit<Outcome, 'runs'>> = [];
    for (let run = 0; run < s.runs; run++) {
      const before = read();
      const start = Date.now();
      // The same monotonic clock as a .cpuprofile's startTime/endTime (µs): to cut the measured batch out of a profile.
      const monotonicStart = process.hrtime.bigint() / 1000n;
      const { batchId, batch } = await uploadAndWait(url, auth, s.examId, s.file, run > 0);
      if (batch.copies !== s.copies) throw new Error(`${s.name}: ${batch.copies} copies instead of ${s.copies} (${batch.reviewItems} in review)`);
      const timeline = await batchTimeline(bus, batchId, s.copies);
      const seconds = (timeline.lastAssembled - start) / 1000;
      const after = read();
      if (SERVICE_NODE_ARGS.length > 0) log(`  ${s.name}: measured batch at monotonic µs ${monotonicStart}..${process.hrtime.bigint() / 1000n}`);
      const perPage = (key: keyof typeof before) => (cpuBetween(before[key], after[key]) * 1000) / s.pages;
      const cpu = { ingestion: perPage('ingestion'), postgres: perPage('postgres'), nats: perPage('nats'), total: 0 };
      cpu.total = cpu.ingestion + cpu.postgres + cpu.nats;
      measured.push({ seconds, peakRssMiB: peakRssMiB(child.pid!), cpuMsPerPage: cpu });
      log(
        `${s.name}: ${s.pages} pages in ${round(seconds)} s, ${round(s.pages / seconds, 1)} pages/s, CPU ms/page: ` +
          `ingestion ${round(cpu.ingestion, 1)} + PostgreSQL ${round(cpu.postgres, 1)} + NATS ${round(cpu.nats, 1)} = ${round(cpu.total, 1)}; ` +
          `peak RSS ${round(measured.at(-1)!.peakRssMiB, 0)} MiB`,
      );
      const at = (ms: number) => round((ms - start) / 1000);
      log(
        `  ${s.name} timeline (s from the upload's start): received ${at(timeline.received)}, first 5% of pages ${at(timeline.firstProgress)}, ` +
          `all pages ${at(timeline.pagesDone)}, first copy ${at(timeline.firstAssembled)}, last copy ${at(timeline.lastAssembled)}`,
      );
    }
    const median = [...measured].sort((a, b) => a.seconds - b.seconds)[Math.floor(measured.length / 2)]!;
    return { ...median, peakRssMiB: Math.max(...measured.map((m) => m.peakRssMiB)), runs: measured.map((m) => s.pages / m.seconds) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await bus.close();
    await database.drop();
    await fs.rm(storeRoot, { recursive: true, force: true });
  }
}

/** A bigger plain batch from a pool of generated pages, written by the streaming writer. */
async function cycled(pool: string, pages: number, file: string): Promise<string> {
  const doc = await openPdf(bufferSource(await fs.readFile(pool)));
  const jpegs: Buffer[] = [];
  for (let i = 0; i < doc.pageCount; i++) jpegs.push((await doc.extractScannedJpeg(i))!.jpeg);
  const writer = await JpegPdfWriter.create(file);
  for (let i = 0; i < pages; i++) await writer.addPage(jpegs[i % jpegs.length]!, A4[0], A4[1]);
  await writer.close();
  return file;
}

const NATIVE = { pdfimages: 'poppler-utils', mutool: 'mupdf-tools' } as const;

async function nativeReference(tool: keyof typeof NATIVE, file: string, pages: number, dir: string, log: (m: string) => void): Promise<Figure> {
  const name = `${tool}-${pages}`;
  if (!(await installed(tool))) {
    log(`${tool} is not installed (Debian package ${NATIVE[tool]}): no native reference`);
    return { name, value: Number.NaN, unit: 'pages/s', notes: `${tool} not installed (${NATIVE[tool]})` };
  }
  const out = await fs.mkdtemp(path.join(dir, `${tool}-`));
  const seconds = await timed(() =>
    tool === 'pdfimages' ? run('pdfimages', ['-j', file, path.join(out, 'p')], process.env) : run('mutool', ['extract', file], process.env, out),
  );
  await fs.rm(out, { recursive: true, force: true });
  log(`${tool}: ${round(pages / seconds, 1)} pages/s`);
  return { name, value: round(pages / seconds, 1), unit: 'pages/s', notes: 'native reference, images extracted from the same PDF' };
}

const speed = (name: string, pages: number, o: Outcome, goal = true): Figure[] => [
  {
    name,
    value: round(pages / o.seconds, 1),
    unit: 'pages/s',
    ...(goal ? { goal: `>= ${GOAL_PAGES_PER_S}`, met: pages / o.seconds >= GOAL_PAGES_PER_S } : {}),
    notes:
      `${pages} pages, upload to last copy.assembled: ${round(o.seconds)} s` +
      (o.runs.length > 1 ? `; median of ${o.runs.length} runs in one service: ${o.runs.map((r) => round(r, 1)).join(', ')} pages/s` : ''),
  },
  {
    name: `${name}-cpu`,
    value: round(o.cpuMsPerPage.total, 1),
    unit: 'ms/page',
    notes: `CPU of the median run: ingestion ${round(o.cpuMsPerPage.ingestion, 1)} + PostgreSQL ${round(o.cpuMsPerPage.postgres, 1)} + NATS server ${round(o.cpuMsPerPage.nats, 1)}`,
  },
];

async function runSuite(log: (m: string) => void): Promise<Figure[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-bench-ingestion-'));
  const issuer = await createTestIssuer();
  const natsUrl = await testNatsUrl();
  try {
    const tenantId = randomUUID();
    const exam = () => ({ tenantId, examId: randomUUID() });
    const codedExam = exam();
    const copies = Array.from({ length: 30 }, () => ({ student: null }));
    log('generating 120 coded and 120 plain pages at 200 dpi');
    const codedFile = path.join(dir, 'qr-120.pdf');
    await generateScanPdfToFile(codedFile, { copies, pagesPerCopy: 4, seed: 7, dpi: 200, qr: { tenantGuard: tenantGuardOf(tenantId), examId: codedExam.examId } });
    const plainFile = path.join(dir, 'plain-120.pdf');
    await generateScanPdfToFile(plainFile, { copies, pagesPerCopy: 4, seed: 8, dpi: 200 });
    const warm = await cycled(plainFile, 8, path.join(dir, 'warm-plain.pdf'));
    // Each scenario warms up on pages of its own kind: a running service has read codes before (ZXing's
    // WebAssembly tiers up in the background on its first codes, which a plain warm-up never reads).
    const warmCoded = path.join(dir, 'warm-qr.pdf');
    await generateScanPdfToFile(warmCoded, { copies: copies.slice(0, 2), pagesPerCopy: 4, seed: 17, dpi: 200, qr: { tenantGuard: tenantGuardOf(tenantId), examId: codedExam.examId } });
    const plain = { ...exam(), name: 'scanned-plain', file: plainFile, warmup: warm, pages: 120, pagesPerCopy: 4, copies: 30, runs: RUNS };
    const coded = { ...codedExam, name: 'scanned-qr', file: codedFile, warmup: warmCoded, pages: 120, pagesPerCopy: 4, copies: 30, runs: RUNS };
    const small = { ...exam(), name: 'plain-100', file: await cycled(plainFile, 100, path.join(dir, 'plain-100.pdf')), warmup: warm, pages: 100, pagesPerCopy: 4, copies: 25, runs: 1 };
    const large = { ...exam(), name: 'plain-2000', file: await cycled(plainFile, 2000, path.join(dir, 'plain-2000.pdf')), warmup: warm, pages: 2000, pagesPerCopy: 4, copies: 500, runs: 1 };
    const vectorFile = path.join(dir, 'vector-120.pdf');
    await fs.writeFile(vectorFile, await vectorPdf(120, 9));
    const warmVector = path.join(dir, 'warm-vector.pdf');
    await fs.writeFile(warmVector, await vectorPdf(4, 10));
    const vector = { ...exam(), name: 'rasterised', file: vectorFile, warmup: warmVector, pages: 120, pagesPerCopy: 4, copies: 30, runs: RUNS };

    const only = (process.env.BENCH_INGESTION ?? 'qr,plain,memory,rasterised,native').split(',');
    const figures: Figure[] = [];
    if (only.includes('qr')) {
      const q = await scenario(coded, issuer, natsUrl, log);
      figures.push(...speed('scanned-qr-120', 120, q), { name: 'scanned-qr-120-peak-rss', value: round(q.peakRssMiB, 0), unit: 'MiB', notes: 'ingestion process VmHWM (node + tsx + sharp + PDFium loaded)' });
    }
    if (only.includes('plain')) {
      const p = await scenario(plain, issuer, natsUrl, log);
      figures.push(...speed('scanned-plain-120', 120, p), { name: 'scanned-plain-120-peak-rss', value: round(p.peakRssMiB, 0), unit: 'MiB' });
    }
    if (only.includes('memory')) {
      const s = await scenario(small, issuer, natsUrl, log);
      const l = await scenario(large, issuer, natsUrl, log);
      const ratio = l.peakRssMiB / s.peakRssMiB;
      figures.push(
        ...speed('scanned-plain-2000', 2000, l),
        { name: 'peak-rss-plain-100', value: round(s.peakRssMiB, 0), unit: 'MiB' },
        { name: 'peak-rss-plain-2000', value: round(l.peakRssMiB, 0), unit: 'MiB' },
        { name: 'peak-rss-2000-vs-100', value: round(ratio, 2), unit: 'x', goal: '<= 1.2 (flat in batch size)', met: ratio <= 1.2 },
      );
    }
    if (only.includes('rasterised')) figures.push(...speed('rasterised-120', 120, await scenario(vector, issuer, natsUrl, log), false));
    if (only.includes('native')) {
      figures.push(await nativeReference('pdfimages', codedFile, 120, dir, log), await nativeReference('mutool', codedFile, 120, dir, log));
    }
    return figures;
  } finally {
    await issuer.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const suite: Suite = {
  name: 'ingestion',
  description: 'ingestion service end to end: upload to last copy.assembled, pages/s and peak RSS; memory vs batch size; rasterised path; native references',
  run: (ctx) => runSuite(ctx.log),
};
export default suite;
