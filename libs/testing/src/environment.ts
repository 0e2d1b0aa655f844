import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dockerEngineAvailable, startNatsContainer, startPostgresContainer } from './containers';
import { hostPort, portAnswers } from './net';

/**
 * Where tests find their servers, in order: TEST_DATABASE_URL / TEST_NATS_URL (or DATABASE_URL /
 * NATS_URL), then the services on localhost, then Testcontainers when a Docker engine answers.
 * Resolved once per jest worker.
 */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_NATS = 'nats://127.0.0.1:4222';

let postgres: Promise<string> | undefined;
let nats: Promise<string> | undefined;

async function resolve(
  what: string,
  envUrl: string | undefined,
  localUrl: string,
  defaultPort: number,
  startContainer: () => Promise<{ url: string }>,
): Promise<string> {
  if (envUrl) return envUrl;
  const { host, port } = hostPort(localUrl, defaultPort);
  if (await portAnswers(host, port)) return localUrl;
  if (await dockerEngineAvailable()) return (await startContainer()).url;
  throw new Error(
    `No ${what} for the tests: nothing answers at ${host}:${port}, no Docker engine answers, and no URL is set. ` +
      `Start one (see .ci/run) or set the URL.`,
  );
}

/** The admin URL of a PostgreSQL server for tests (a `postgres` database with rights to create others). */
export function testPostgresUrl(): Promise<string> {
  postgres ??= resolve(
    'PostgreSQL',
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL,
    LOCAL_POSTGRES,
    5432,
    startPostgresContainer,
  );
  return postgres;
}

/** The URL of a JetStream-enabled NATS server for tests. */
export function testNatsUrl(): Promise<string> {
  nats ??= resolve('NATS', process.env.TEST_NATS_URL ?? process.env.NATS_URL, LOCAL_NATS, 4222, startNatsContainer);
  return nats;
}

/** A short random name, unique enough to keep parallel test files apart (`t3f9a1c2b`). */
export function uniqueName(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates an empty database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(prefix = 'gl_test_'): Promise<TestDatabase> {
  const adminUrl = await testPostgresUrl();
  const name = uniqueName(prefix);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A NATS namespace of its own for one test file, so streams and subjects never collide. */
export function testNamespace(): string {
  return uniqueName('t');
}
