// npm run bench -- grading: 50 correctors saving scores and annotations at once, against the grading
// service directly and through the gateway (both real processes, tokens from a test issuer both
// trust). Figures: writes/s and p50/p99 latency at an offered 500 writes/s, then flat out.
import { type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTestIssuer, type TestIssuer } from '@gradeline/auth/testing';
import { DEFAULT_HEADER_REGION, type SchemeNode } from '@gradeline/contracts';
import { connectBus } from '@gradeline/messaging';
import { publishEvent } from '@gradeline/runtime/testing';
import { createTestDatabase, testNamespace, testNatsUrl, type TestDatabase } from '@gradeline/testing';
import { type Figure, type Suite, quantile, round } from '../harness';
import { cpuSeconds, ownCpuSeconds } from '../proc';
import { migrate, postgresSeconds, start } from './grading/processes';

const CORRECTORS = 50;
const LEAVES = 10;
const GOAL_PER_SECOND = 500;
/**
 * Offered rates: the goal, and lower ones to see where latency breaks on a loaded machine, then
 * flat out. BENCH_GRADING_RATES=250,500 (or `flat`) runs only those, to compare two builds quickly.
 */
const LADDER: Array<number | null> = (process.env.BENCH_GRADING_RATES ?? `100,250,${GOAL_PER_SECOND},flat`)
  .split(',')
  .map((rate) => {
    if (rate === 'flat') return null;
    if (!/^[1-9]\d*$/.test(rate)) throw new Error(`BENCH_GRADING_RATES: ${rate} is neither a rate per second nor "flat"`);
    return Number(rate);
  });
const MEASURE_MS = 10_000;
const WARM_UP_MS = 4_000;
const STEP_MS = 5_000;
const IDLE_MS = 5_000;

interface Corrector {
  copyId: string;
  authorization: string;
  version: number;
}

interface Run {
  latencies: number[];
  /** When each write started (ms since the run started), in the order of `latencies`. */
  starts: number[];
  /** When the run started, in ms since the epoch. */
  origin: number;
  errors: number;
  seconds: number;
}

/** BENCH_GRADING_PATHS=gateway: measure only some paths (default: direct,gateway). */
const PATHS = (process.env.BENCH_GRADING_PATHS ?? 'direct,gateway').split(',');

/**
 * BENCH_GRADING_TRACE=<dir>: each measured run also writes there one line per write, "start latency"
 * (start in ms since the epoch, latency in ms), to see when slow writes happen and line them up
 * with other records (GC traces, PostgreSQL's log).
 */
const TRACE_DIR = process.env.BENCH_GRADING_TRACE;

function env(database: TestDatabase, natsUrl: string, namespace: string, issuer: TestIssuer, store: string): Record<string, string> {
  return {
    NODE_ENV: 'production', DATABASE_URL: database.url, NATS_URL: natsUrl, NATS_NAMESPACE: namespace, JWKS_URL: issuer.jwksUrl,
    PUBLIC_URL: 'http://localhost:8080', STORAGE_KIND: 'fs', STORAGE_FS_ROOT: store, STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64url'),
  };
}

const nodes: SchemeNode[] = Array.from({ length: LEAVES }, (_, i) => ({
  id: randomUUID(), parentId: null, label: `Q${i + 1}`, maxPoints: '2', step: '0.5', position: i,
}));

/** One exam, 50 correctors with one copy each, built from the exam service's events. */
async function seed(issuer: TestIssuer, natsUrl: string, namespace: string, gradingUrl: string): Promise<Corrector[]> {
  const bus = await connectBus({ url: natsUrl, name: 'bench', namespace });
  const tenantId = randomUUID();
  const examId = randomUUID();
  const people = Array.from({ length: CORRECTORS }, () => randomUUID());
  await publishEvent(bus, 'exam.exam.created.v1', tenantId, {
    examId, name: 'Bench', subject: 'Maths', date: '2025-12-01', classNames: ['3A'], pagesPerCopy: 4, headerRegion: DEFAULT_HEADER_REGION,
    correctorIds: people, leadTeacherIds: [], status: 'grading', scaleTo: 20, coefficient: '1',
  });
  await publishEvent(bus, 'exam.scheme.published.v1', tenantId, { examId, version: 1, nodes, total: String(2 * LEAVES), changedNodeIds: [], removedNodeIds: [] });
  const correctors: Corrector[] = [];
  for (const correctorId of people) {
    const copyId = randomUUID();
    const pages = [1, 2, 3, 4].map((number) => ({ number, objectKey: `${tenantId}/p/${copyId}/${number}`, contentType: 'image/jpeg', size: 1, width: 10, height: 14 }));
    await publishEvent(bus, 'exam.copy.registered.v1', tenantId, { copyId, examId, batchId: randomUUID(), anonymousCode: copyId.slice(0, 6), status: 'READY', pages, headerCropKey: null });
    await publishEvent(bus, 'exam.copy.dispatched.v1', tenantId, { copyId, examId, correctorId, dispatchId: randomUUID() });
    const { authorization } = await issuer.bearer({ sub: correctorId, tid: tenantId, role: 'teacher', scp: 'full' }, { expiresIn: 3_600 });
    correctors.push({ copyId, authorization, version: 1 });
  }
  await bus.close();
  for (const c of correctors) {
    while ((await fetch(`${gradingUrl}/copies/${c.copyId}/grading`, { headers: { authorization: c.authorization } })).status !== 200) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return correctors;
}

// A plain keep-alive client: the load generator shares the machine's two cores with what it measures.
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 * CORRECTORS });

function send(url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject).end(body);
  });
}

/** One write: a score on the next question (If-Match the version), or an annotation. */
async function write(base: string, c: Corrector, i: number): Promise<boolean> {
  const headers = { authorization: c.authorization };
  if (i % 2 === 0) {
    const url = `${base}/copies/${c.copyId}/grading/scores/${nodes[(i / 2) % LEAVES]!.id}`;
    const res = await send(url, 'PUT', { ...headers, 'if-match': `"${c.version}"` }, JSON.stringify({ points: String((i % 5) * 0.5) }));
    const body = JSON.parse(res.body) as { version?: number; currentVersion?: number };
    c.version = body.version ?? body.currentVersion ?? c.version;
    return res.status === 200;
  }
  const annotation = { kind: 'tick', page: i % 4, x: (i % 97) / 100, y: (i % 89) / 100, nodeId: nodes[i % LEAVES]!.id, pointsDelta: '0.5' };
  const res = await send(`${base}/copies/${c.copyId}/annotations`, 'POST', headers, JSON.stringify(annotation));
  return res.status === 201;
}

/**
 * Each corrector writes one after the other; with `perSecond`, writes are paced (open loop:
 * a late write starts at once, never skipped), otherwise they go flat out.
 */
async function load(base: string, correctors: Corrector[], durationMs: number, perSecond: number | null): Promise<Run> {
  const run: Run = { latencies: [], starts: [], origin: 0, errors: 0, seconds: 0 };
  const interval = perSecond ? (correctors.length * 1000) / perSecond : 0;
  const started = performance.now();
  run.origin = performance.timeOrigin + started;
  await Promise.all(
    correctors.map(async (c, n) => {
      let due = started + (interval * n) / correctors.length;
      for (let i = n; performance.now() - started < durationMs; i++) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = performance.now();
        const ok = await write(base, c, i).catch(() => false);
        run.latencies.push(performance.now() - t0);
        run.starts.push(t0 - started);
        if (!ok) run.errors++;
        due += interval;
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

function figures(label: string, run: Run, offered: number | null): Figure[] {
  const p99 = round(quantile(run.latencies, 0.99), 1);
  const rate = round(run.latencies.length / run.seconds, 0);
  const goal = offered === GOAL_PER_SECOND;
  const notes = `${run.latencies.length} writes (half scores, half annotations), ${run.errors} not 2xx, ${CORRECTORS} correctors; load ${os.loadavg()[0]!.toFixed(1)}`;
  return [
    { name: `${label} writes/s`, value: rate, unit: 'writes/s', ...(goal ? { goal: `${GOAL_PER_SECOND} writes/s`, met: rate >= GOAL_PER_SECOND * 0.95 } : {}), notes },
    { name: `${label} p50`, value: round(quantile(run.latencies, 0.5), 1), unit: 'ms' },
    { name: `${label} p99`, value: p99, unit: 'ms', ...(goal ? { goal: '< 50 ms at 500 writes/s', met: p99 < 50 && rate >= GOAL_PER_SECOND * 0.95 } : {}) },
  ];
}

const suite: Suite = {
  name: 'grading',
  description: '50 correctors saving scores and annotations: direct and through the gateway',
  async run(ctx) {
    const issuer = await createTestIssuer();
    const natsUrl = await testNatsUrl();
    const namespace = testNamespace();
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-bench-grading-'));
    const gradingDb = await createTestDatabase('gl_bench_grading_');
    const gatewayDb = await createTestDatabase('gl_bench_grading_gw_');
    const children: ChildProcess[] = [];
    try {
      const gradingEnv = env(gradingDb, natsUrl, namespace, issuer, store);
      await migrate('grading', gradingEnv);
      const grading = await start('grading', gradingEnv);
      children.push(grading.child);
      const gatewayEnv = {
        ...env(gatewayDb, natsUrl, namespace, issuer, store), GRADING_URL: grading.url, WEBHOOK_SIGNING_SECRET: randomBytes(32).toString('base64url'),
        RATE_LIMIT_IP_PER_MINUTE: '10000000', RATE_LIMIT_USER_PER_MINUTE: '10000000',
      };
      await migrate('gateway', gatewayEnv);
      const gateway = await start('gateway', gatewayEnv);
      children.push(gateway.child);
      ctx.log(`grading ${grading.url}, gateway ${gateway.url}; seeding ${CORRECTORS} correctors`);
      const correctors = await seed(issuer, natsUrl, namespace, grading.url);
      const out: Figure[] = [];
      const databases = [gradingDb.name, gatewayDb.name];
      // Everything a write costs on the machine's two cores: both services, the PostgreSQL backends
      // serving them, and this process generating the load.
      const processes: Array<[string, () => number]> = [
        ['grading', () => cpuSeconds(grading.child.pid!)],
        ['gateway', () => cpuSeconds(gateway.child.pid!)],
        ['postgres', () => postgresSeconds(databases)],
        ['load generator', ownCpuSeconds],
      ];
      // What each process spends with no request at all (pollers, timers, metrics): subtracted, so a
      // slow run (few writes) does not inflate the CPU per write.
      const idleStart = processes.map(([, seconds]) => seconds());
      await new Promise((r) => setTimeout(r, IDLE_MS));
      // This process does nothing but the load during a run: its "idle" moment still carries the
      // seeding's aftermath (garbage collection), which subtracted made its figures negative.
      const idle = processes.map(([name, seconds], i) => (name === 'load generator' ? 0 : (seconds() - idleStart[i]!) / (IDLE_MS / 1000)));
      ctx.log(`idle CPU (ms/s): ${processes.map(([name], i) => `${name} ${round(idle[i]! * 1000, 1)}`).join(', ')}`);
      /** One measured run, with the CPU each process spent per write during it. */
      const measured = async (label: string, base: string, offered: number | null): Promise<void> => {
        const before = processes.map(([, seconds]) => seconds());
        // The load generator's own pauses count in every latency it measures: reported beside them.
        const delay = monitorEventLoopDelay({ resolution: 5 });
        delay.enable();
        const run = await load(base, correctors, MEASURE_MS, offered);
        delay.disable();
        if (TRACE_DIR) {
          const lines = run.starts.map((t, i) => `${(run.origin + t).toFixed(1)} ${run.latencies[i]!.toFixed(1)}`);
          fs.writeFileSync(path.join(TRACE_DIR, `${label.replace(/[^\w]+/g, '-')}.txt`), `${lines.join('\n')}\n`);
        }
        out.push(...figures(label, run, offered));
        out.push({ name: `${label} load generator event-loop delay p99 / max`, value: round(delay.percentile(99) / 1e6, 1), unit: 'ms', notes: `max ${round(delay.max / 1e6, 1)} ms` });
        processes.forEach(([name, seconds], i) => {
          if (name === 'gateway' && !label.startsWith('gateway')) return;
          const spent = seconds() - before[i]! - idle[i]! * run.seconds;
          const notes = `user + system time of ${name} during the run, less its idle ${round(idle[i]! * 1000, 1)} ms/s, / writes`;
          out.push({ name: `${label} ${name} CPU per write`, value: round((spent * 1000) / run.latencies.length, 2), unit: 'ms', notes });
        });
      };
      const paths = [['direct', grading.url], ['gateway', `${gateway.url}/api/v1`]] as const;
      for (const [label, base] of paths.filter(([name]) => PATHS.includes(name))) {
        await load(base, correctors, WARM_UP_MS, 100);
        for (const offered of LADDER) {
          const name = offered === null ? `${label} flat out` : `${label} @${offered}/s`;
          ctx.log(`${label}: ${STEP_MS / 1000} s stepping up, then ${MEASURE_MS / 1000} s ${offered === null ? 'flat out' : `at ${offered} writes/s offered`}`);
          // The seconds after a step up are reported apart: they carry the processes adapting to the
          // new rate (more sockets and pooled connections, heap growth, code optimised for it).
          const step = await load(base, correctors, STEP_MS, offered);
          out.push({ name: `${name} first ${STEP_MS / 1000} s p99`, value: round(quantile(step.latencies, 0.99), 1), unit: 'ms', notes: 'the step up from the previous rate, before the measured steady state' });
          await measured(name, base, offered);
        }
      }
      return out;
    } finally {
      agent.destroy();
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
      await gradingDb.drop();
      await gatewayDb.drop();
      await issuer.close();
      fs.rmSync(store, { recursive: true, force: true });
    }
  },
};

export default suite;
