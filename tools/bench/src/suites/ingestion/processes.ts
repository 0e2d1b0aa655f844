// The ingestion bench's processes: the service started as deployed (its migrations, then its own
// node), and what it and its neighbours use, read from /proc (Linux).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../../..');
const SERVICE = path.join(ROOT, 'services/ingestion/src');

/** BENCH_SERVICE_NODE_ARGS go to the service's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
export const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const node = (script: string, extra: string[] = []) =>
  [process.execPath, [...extra, '--conditions=gradeline-source', '--import', 'tsx', path.join(SERVICE, script)]] as const;

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${err.slice(0, 500)}`))));
  });
}

/** Starts the service (after its migrations) and resolves with its address once it listens. */
export async function startService(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  await run(...node('migrate.ts'), env);
  const [command, args] = node('main.ts', SERVICE_NODE_ARGS);
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`ingestion exited ${code} before listening`)));
  });
  child.stdout!.resume();
  return { child, url };
}

/** CPU seconds a process has used so far, all threads (Linux /proc, clock ticks of 10 ms); 0 once gone. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return 0;
  const fields = stat.split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Processes whose command line contains `needle` (PostgreSQL titles a backend with its database). */
export async function processesMatching(test: (cmdline: string) => boolean): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (test(cmdline.replace(/\0/g, ' '))) pids.push(Number(entry));
  }
  return pids;
}

/** CPU seconds of a set of processes, found again at each reading (backends come and go). */
export function cpuOf(find: () => Promise<number[]>): () => Promise<Map<number, number>> {
  return async () => new Map(await Promise.all((await find()).map(async (pid) => [pid, await cpuSeconds(pid)] as const)));
}

/** CPU used between two readings; a process born in between counts from zero. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** Peak resident memory of a process, in MiB (Linux). */
export async function peakRssMiB(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Whether a command is on the PATH. */
export async function installed(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (await fs.access(path.join(dir, command), fs.constants.X_OK).then(() => true, () => false)) return true;
  }
  return false;
}
