// The ingestion bench's processes: the service started as deployed (its migrations, then its own
// node), and the native tools it is compared with.
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

/** Whether a command is on the PATH. */
export async function installed(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (await fs.access(path.join(dir, command), fs.constants.X_OK).then(() => true, () => false)) return true;
  }
  return false;
}
