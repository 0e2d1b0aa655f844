import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVICES, startPlatform, type Platform, type RunningPlatform, type ServiceName } from '@gradeline/dev';
import { testNatsUrl, testPostgresUrl } from '@gradeline/testing';
import { Client } from 'pg';

/** A free TCP port on localhost, as the OS hands it out. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface E2EPlatform {
  baseUrl: string;
  /** The first platform admin, as create-admin printed it. */
  admin: { username: string; password: string };
  /** Where identity writes its mails (one `.eml` file each) when no SMTP server is configured. */
  mailDir: string;
  /** Everything the services logged (for assertions about logs, and for debugging failures). */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts every service that exists as a real process, exactly as `npm start` does, but on free
 * ports, with databases and a NATS namespace of this run's own and objects in a temp folder.
 */
export async function startE2EPlatform(): Promise<E2EPlatform> {
  const run = randomBytes(4).toString('hex');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-e2e-'));
  const ports = {} as Record<ServiceName, number>;
  for (const s of SERVICES) ports[s.name] = await freePort();
  const platform: Platform = {
    postgresServerUrl: await testPostgresUrl(),
    natsUrl: await testNatsUrl(),
    storageEnv: { STORAGE_KIND: 'fs', STORAGE_FS_ROOT: path.join(dataDir, 'objects') },
    dataDir,
    ports,
    publicUrl: `http://127.0.0.1:${ports.gateway}`,
    databasePrefix: `gl_e2e_${run}_`,
    natsNamespace: `e2e${run}`,
    logLevel: 'info',
  };
  const logs: string[] = [];
  let exited: string | null = null;
  let running: RunningPlatform;
  try {
    running = await startPlatform(platform, {
      sink: (name, line) => void logs.push(`[${name}] ${line}`),
      onUnexpectedExit: (name, code) => void (exited = `${name} exited with ${code}`),
      readyTimeoutMs: 240_000,
    });
  } catch (error) {
    throw new Error(`${String(error)}\n${logs.slice(-40).join('\n')}`);
  }
  const match = /Platform admin: (\S+)\nOne-time password: (\S+)/.exec(running.admin ?? '');
  if (!match) throw new Error(`create-admin printed no credentials: ${running.admin}`);
  return {
    baseUrl: platform.publicUrl,
    admin: { username: match[1]!, password: match[2]! },
    mailDir: path.join(dataDir, 'mail'),
    logs,
    stop: async () => {
      await running.stop();
      if (exited) logs.push(`(unexpected exit before stop: ${exited})`);
      await dropDatabases(platform.postgresServerUrl, platform.databasePrefix!);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
