import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestIssuer, type TestClaims, type TestIssuer } from '@gradeline/auth/testing';
import { type Actor, type EventData, type EventType, type Role } from '@gradeline/contracts';
import { createLogger, type Logger } from '@gradeline/kit';
import { type Bus } from '@gradeline/messaging';
import { createTestDatabase, testNamespace, testNatsUrl, type TestDatabase } from '@gradeline/testing';
import { type RuntimeConfig } from './config';
import { type Clock, type ServiceDefinition } from './definition';
import { startService, type RunningService } from './start';

export interface TestServiceOptions {
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /** Share one token issuer between several services of a test (default: a new one). */
  issuer?: TestIssuer;
  /** Share one NATS namespace between several services of a test (default: a new one). */
  namespace?: string;
  clock?: Clock;
  /** Start the relay, consumers and workers (default true). */
  background?: boolean;
  logger?: Logger;
}

export interface TestService<C extends RuntimeConfig = RuntimeConfig> extends RunningService<C> {
  issuer: TestIssuer;
  namespace: string;
  database: TestDatabase;
  storeRoot: string;
  /** Authorization headers for a caller: `await svc.as({ role: 'teacher', tenantId })`. */
  as(caller: Caller): Promise<{ authorization: string }>;
  /** Publishes an event as its producer would (for consumers under test). */
  publish<T extends EventType>(type: T, tenantId: string, data: EventData<T>, extra?: Parameters<typeof publishEvent>[4]): Promise<string>;
  /** Stops the service and removes its database, objects and (when owned) issuer. */
  close(): Promise<void>;
}

export interface Caller {
  role: Role;
  tenantId: string;
  userId?: string;
  studentId?: string;
  scope?: 'full' | 'password_change';
  expiresIn?: number;
}

/**
 * A real instance of a service for an integration test: its own database (migrated), its own NATS
 * namespace, objects in a temp folder, tokens from a test issuer. Nothing is mocked.
 */
export async function startTestService<C extends RuntimeConfig>(
  definition: ServiceDefinition<C>,
  options: TestServiceOptions = {},
): Promise<TestService<C>> {
  const issuer = options.issuer ?? (await createTestIssuer());
  const namespace = options.namespace ?? testNamespace();
  const database = await createTestDatabase(`gl_${definition.name}_`);
  const storeRoot = await fs.mkdtemp(path.join(os.tmpdir(), `gl-${definition.name}-`));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    NATS_URL: await testNatsUrl(),
    NATS_NAMESPACE: namespace,
    JWKS_URL: issuer.jwksUrl,
    PUBLIC_URL: 'http://gradeline.test',
    STORAGE_KIND: 'fs',
    STORAGE_FS_ROOT: storeRoot,
    STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64url'),
    SHUTDOWN_TIMEOUT_MS: '10000',
    ...options.env,
  };
  const logger = options.logger ?? createLogger({ service: definition.name, level: 'silent' });
  const running = await startService(definition, {
    logger,
    env,
    clock: options.clock,
    migrate: true,
    background: options.background,
  });
  return {
    ...running,
    issuer,
    namespace,
    database,
    storeRoot,
    as: (caller) => issuer.bearer(claimsOf(caller), { expiresIn: caller.expiresIn }),
    publish: (type, tenantId, data, extra) => publishEvent(running.deps.bus, type, tenantId, data, extra),
    close: async () => {
      await running.stop();
      await database.drop();
      await fs.rm(storeRoot, { recursive: true, force: true });
      if (!options.issuer) await issuer.close();
    },
  };
}

function claimsOf(caller: Caller): TestClaims {
  const claims: TestClaims = {
    sub: caller.userId ?? randomUUID(),
    tid: caller.tenantId,
    role: caller.role,
    scp: caller.scope ?? 'full',
  };
  if (caller.role === 'student') claims.stu = caller.studentId ?? randomUUID();
  return claims;
}

/** Publishes a catalogued event straight to JetStream, as another service's relay would. */
export async function publishEvent<T extends EventType>(
  bus: Bus,
  type: T,
  tenantId: string,
  data: EventData<T>,
  extra: { actor?: Actor; id?: string; occurredAt?: Date } = {},
): Promise<string> {
  const id = extra.id ?? randomUUID();
  const envelope = {
    id,
    type,
    tenantId,
    occurredAt: (extra.occurredAt ?? new Date()).toISOString(),
    correlationId: id,
    causationId: null,
    ...(extra.actor ? { actor: extra.actor } : {}),
    data,
  };
  await bus.js.publish(bus.subject(type), JSON.stringify(envelope), { msgID: id });
  return id;
}

/** Polls `check` until it holds (default 15 s), then resolves; rejects naming `what` otherwise. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
