import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../../src/config';

const SCRIPT = path.join(__dirname, 'worker-process.ts');
const ROOT = path.resolve(__dirname, '../../../..');

/** An ingestion worker replica in its own process, on the test service's database, NATS namespace and store. */
export interface WorkerProcess {
  readonly pid: number;
  /** Graceful stop (SIGTERM), as a deployment would. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, holding whatever it had claimed. */
  kill(): Promise<void>;
}

function environment(svc: TestService<Config>, overrides: Record<string, string>): NodeJS.ProcessEnv {
  const c = svc.deps.config;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: c.DATABASE_URL,
    NATS_URL: c.NATS_URL,
    NATS_NAMESPACE: svc.namespace,
    JWKS_URL: c.JWKS_URL,
    PUBLIC_URL: c.PUBLIC_URL,
    STORAGE_KIND: 'fs',
    STORAGE_FS_ROOT: svc.storeRoot,
    STORAGE_SIGNING_SECRET: c.STORAGE_SIGNING_SECRET ?? '',
    INGESTION_LEASE_MS: String(c.INGESTION_LEASE_MS),
    INGESTION_POLL_MS: '100',
    ...overrides,
  };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startWorkerProcess(svc: TestService<Config>, overrides: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: environment(svc, overrides),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the worker process exited with ${code} before it was ready`)));
  });
  return {
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
