import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../../..');

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs a TypeScript entry point of the repository from its sources, as `npm start` does. Output is
 * piped only when captured: a pipe nobody reads fills up and freezes a process that keeps logging.
 */
export function runTs(entry: string, args: string[], env: Record<string, string>, capture = false): ChildProcess {
  return spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', path.join(REPO, entry), ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'ignore',
  });
}

/** Runs an entry point to its end and returns what it printed; rejects on a non-zero exit. */
export function runToEnd(entry: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = runTs(entry, args, env, true);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${entry} exited ${code}: ${err.slice(-2000)}`)))),
  );
}

/** Waits until `url` answers 200 (a process's /health/ready), or fails naming it. */
export async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SIGTERM (the process shuts down gracefully), SIGKILL if it is still there after 20 s. */
export function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}
