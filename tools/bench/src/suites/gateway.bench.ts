// npm run bench -- gateway: what the front door costs. identity (a real service process: auth,
// database, request EntityManager) answers an authenticated GET /me directly and through the
// gateway process (route table, JWT check against identity's keys, rate limits with in-memory
// counters, helmet, streaming proxy over a keep-alive pool). autocannon drives both with the same
// token, in alternating rounds, so a busy machine skews both alike. A second pair puts a stub
// service (a bare node:http server answering `{}`) behind the gateway: the gateway's own ceiling.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase, testNamespace, testNatsUrl, type TestDatabase } from '@gradeline/testing';
import { type Figure, type Suite, round } from '../harness';

const ROOT = path.resolve(__dirname, '../../../..');
const ROUNDS = 3;
const STUB = "require('node:http').createServer((q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end('{}')).listen(Number(process.argv[1]), '127.0.0.1')";
const SECONDS = 5;
const CONNECTIONS = 10;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts an entry point; its log lines go nowhere unless `capture` (an unread pipe would fill and freeze it). */
function run(entry: string, args: string[], env: Record<string, string>, capture = false): ChildProcess {
  const argv = ['--conditions=gradeline-source', '--import', 'tsx', path.join(ROOT, entry), ...args];
  const stdio = ['ignore', capture ? 'pipe' : 'ignore', 'inherit'] as const;
  return spawn(process.execPath, argv, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: [...stdio] });
}

/** SIGTERM (graceful shutdown), then SIGKILL if it is still there after 20 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}

function output(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`)))));
}

async function ready(url: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready`);
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

/** Signs the bench's platform admin in and past the forced password change: a full access token. */
async function accessToken(identityUrl: string, password: string): Promise<string> {
  const first = await post<{ accessToken: string }>(`${identityUrl}/auth/login`, { login: 'bench', password });
  const next = `Bench-${randomBytes(12).toString('base64url')}`;
  return (await post<{ accessToken: string }>(`${identityUrl}/auth/password`, { currentPassword: password, newPassword: next }, first.accessToken)).accessToken;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, token: string, seconds: number): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

function mean(loads: Load[], key: keyof Load): number {
  return loads.reduce((sum, l) => sum + l[key], 0) / loads.length;
}

const suite: Suite = {
  name: 'gateway',
  description: 'authenticated GET /me on identity: directly vs through the gateway (autocannon, same run, same token)',
  async run(ctx) {
    const databases: TestDatabase[] = [await createTestDatabase('gl_bench_identity_'), await createTestDatabase('gl_bench_gateway_')];
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-gateway-bench-'));
    const children: ChildProcess[] = [];
    try {
      const [identityPort, gatewayPort, stubPort] = [await freePort(), await freePort(), await freePort()];
      children.push(spawn(process.execPath, ['-e', STUB, String(stubPort)], { stdio: 'ignore' }));
      const identityUrl = `http://127.0.0.1:${identityPort}`;
      const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
      const common = {
        NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', NATS_URL: await testNatsUrl(), NATS_NAMESPACE: testNamespace(),
        JWKS_URL: `${identityUrl}/.well-known/jwks.json`, PUBLIC_URL: gatewayUrl, STORAGE_KIND: 'fs', STORAGE_FS_ROOT: path.join(dir, 'objects'),
        STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      };
      const identityEnv = { ...common, PORT: String(identityPort), DATABASE_URL: databases[0]!.url, JWT_KEYS_DIR: path.join(dir, 'keys'), MAIL_DIR: path.join(dir, 'mail') };
      const printed = await output(run('services/identity/src/create-admin.ts', ['--username', 'bench'], identityEnv, true));
      const password = /One-time password: (\S+)/.exec(printed)?.[1] ?? '';
      children.push(run('services/identity/src/main.ts', [], identityEnv));
      await ready(`${identityUrl}/health/ready`);
      const token = await accessToken(identityUrl, password);
      children.push(
        run('services/gateway/src/main.ts', [], {
          ...common, PORT: String(gatewayPort), DATABASE_URL: databases[1]!.url, IDENTITY_URL: identityUrl, EXAM_URL: `http://127.0.0.1:${stubPort}`,
          WEBHOOK_SIGNING_SECRET: randomBytes(32).toString('base64url'), RATE_LIMIT_IP_PER_MINUTE: '1000000000', RATE_LIMIT_USER_PER_MINUTE: '1000000000',
        }),
      );
      await ready(`${gatewayUrl}/health/ready`);
      const targets = { direct: `${identityUrl}/me`, gateway: `${gatewayUrl}/api/v1/me`, stub: `http://127.0.0.1:${stubPort}/exams`, 'gateway → stub': `${gatewayUrl}/api/v1/exams` };
      ctx.log('warming up both paths');
      await load(targets.direct, token, 2);
      await load(targets.gateway, token, 2);
      const runs: Record<keyof typeof targets, Load[]> = { direct: [], gateway: [], stub: [], 'gateway → stub': [] };
      for (let r = 1; r <= ROUNDS; r += 1) {
        for (const kind of Object.keys(targets) as Array<keyof typeof targets>) {
          const result = await load(targets[kind], token, SECONDS);
          runs[kind].push(result);
          ctx.log(`round ${r} ${kind}: ${round(result.rps, 0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`);
        }
      }
      const [d, g] = [runs.direct, runs.gateway];
      const ratio = mean(g, 'rps') / mean(d, 'rps');
      const added = mean(g, 'p50') - mean(d, 'p50');
      return [
        { name: 'GET /me direct', value: round(mean(d, 'rps'), 0), unit: 'req/s', notes: `${CONNECTIONS} connections, ${ROUNDS}×${SECONDS} s` },
        { name: 'GET /me through the gateway', value: round(mean(g, 'rps'), 0), unit: 'req/s' },
        { name: 'gateway throughput / direct', value: round(ratio * 100, 1), unit: '%', goal: '≥ 70%', met: ratio >= 0.7 },
        { name: 'p50 direct', value: round(mean(d, 'p50'), 2), unit: 'ms' },
        { name: 'p50 through the gateway', value: round(mean(g, 'p50'), 2), unit: 'ms' },
        { name: 'p50 added by the gateway', value: round(added, 2), unit: 'ms', goal: '< 2 ms', met: added < 2 },
        { name: 'p99 direct', value: round(mean(d, 'p99'), 2), unit: 'ms' },
        { name: 'p99 through the gateway', value: round(mean(g, 'p99'), 2), unit: 'ms' },
        { name: 'stub service direct', value: round(mean(runs.stub, 'rps'), 0), unit: 'req/s', notes: 'a bare node:http server' },
        { name: 'stub service through the gateway', value: round(mean(runs['gateway → stub'], 'rps'), 0), unit: 'req/s', notes: 'the gateway’s own ceiling on this machine' },
        { name: 'p50 through the gateway, stub service', value: round(mean(runs['gateway → stub'], 'p50'), 2), unit: 'ms' },
        { name: 'non-2xx or errors (both paths)', value: mean(d, 'errors') + mean(g, 'errors'), unit: 'per round', goal: '0', met: mean(d, 'errors') + mean(g, 'errors') === 0 },
      ] satisfies Figure[];
    } finally {
      await Promise.all(children.map(stop));
      for (const db of databases) await db.drop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
