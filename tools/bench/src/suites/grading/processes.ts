// The grading bench's processes: the services started as in production (their own node, LOG_LEVEL
// info), and the CPU of the PostgreSQL backends serving them.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { cpuSeconds, postgresBackends } from '../../proc';

const ROOT = path.resolve(__dirname, '../../../../..');

/** BENCH_CPU_PROF=<dir>: each service writes a V8 CPU profile there when it stops (open it in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_CPU_PROF;

/** BENCH_SERVICE_NODE_ARGS go to both services' node, e.g. `--trace-gc-nvp` or a V8 flag to compare. */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);

function tsProcess(service: string, entry: string, env: Record<string, string>): ChildProcess {
  const profile = PROFILE_DIR && entry === 'main.ts' ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR, service)}`] : [];
  const nodeArgs = entry === 'main.ts' ? SERVICE_NODE_ARGS : [];
  return spawn(process.execPath, [...nodeArgs, ...profile, '--conditions=gradeline-source', '--import', 'tsx', `src/${entry}`], {
    cwd: path.join(ROOT, 'services', service),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', process.env.BENCH_SERVICE_STDOUT ? 'inherit' : 'pipe', 'inherit'],
  });
}

export async function migrate(service: string, env: Record<string, string>): Promise<void> {
  const child = tsProcess(service, 'migrate.ts', env);
  child.stdout?.resume();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${service} migrations failed (${code})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts a service on a free port, logging as in production (LOG_LEVEL info); resolves once it answers /health/live. */
export async function start(service: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = tsProcess(service, 'main.ts', { ...env, HOST: '127.0.0.1', PORT: new URL(url).port, LOG_LEVEL: 'info' });
  child.stdout?.resume();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`${service} exited ${child.exitCode}`);
    if (await fetch(`${url}/health/live`).then((r) => r.ok, () => false)) return { url, child };
  }
  child.kill('SIGKILL');
  throw new Error(`${service} did not start`);
}

/**
 * CPU seconds used so far by the PostgreSQL backends serving these databases. A backend that exits
 * during a run takes its seconds with it; the services' pools keep theirs open, so in practice none does.
 */
export function postgresSeconds(databases: string[]): number {
  return postgresBackends(databases).reduce((total, pid) => total + cpuSeconds(pid), 0);
}
