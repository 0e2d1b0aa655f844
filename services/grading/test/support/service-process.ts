// The grading service as a real process (what `npm start` runs), for tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const SERVICE_DIR = path.resolve(__dirname, '../..');

function tsProcess(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', entry], {
    cwd: SERVICE_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm run migrate -w services/grading`, as a deployment runs it before starting the service. */
export function migrateProcess(env: Record<string, string>): Promise<void> {
  const child = tsProcess('src/migrate.ts', env);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited ${code}: ${output}`))));
  });
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Resolves once the process is gone. */
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` on a free port and resolves with its address once it listens. */
export function startServiceProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const child = tsProcess('src/main.ts', { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines: string[] = [];
  child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start: ${lines.slice(-5).join('\n')}`)), timeoutMs);
    void exited.then((code) => reject(new Error(`the service exited ${code}: ${lines.slice(-5).join('\n')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const address = /"address":"(http:\/\/[^"]+)"/.exec(line)?.[1];
      if (address) {
        clearTimeout(timer);
        resolve({ url: address, child, exited });
      }
    });
  });
}
