import { createJwtVerifier, TokenCache, type JwtVerifier } from '@gradeline/auth';
import { createOrm, ensureDatabase, migrate } from '@gradeline/db';
import { loadConfig, ShutdownOrder, ShutdownRegistry, type KitServer, type Logger } from '@gradeline/kit';
import {
  connectBus,
  ConsumerRunner,
  DeadLetterRecorder,
  DeadLetters,
  ensureTopology,
  Outbox,
  OutboxRelay,
} from '@gradeline/messaging';
import { createObjectStore, S3ObjectStore, StorageEnv, storageConfigFromEnv, type ObjectStore } from '@gradeline/storage';
import { type RuntimeConfig } from './config';
import { buildServiceApp } from './app';
import { AuditLog } from './audit';
import { systemClock, type Clock, type ServiceDefinition, type ServiceDeps, type Worker } from './definition';

export interface StartOptions {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Replace infrastructure (tests: a store in a temp folder, a test issuer's verifier, a fixed clock). */
  store?: ObjectStore;
  verifier?: JwtVerifier;
  clock?: Clock;
  /** Run pending migrations first (tests; production runs them as a separate step). */
  migrate?: boolean;
  /** Start the outbox relay, consumers and workers (default true). */
  background?: boolean;
  /** Deadline of the graceful shutdown (default: SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs?: number;
}

export interface RunningService<C extends RuntimeConfig = RuntimeConfig> {
  app: KitServer;
  deps: ServiceDeps<C>;
  deadLetters: DeadLetters;
  shutdown: ShutdownRegistry;
  /** Graceful stop in the architecture's order: HTTP, consumers and workers, relay, bus, database. */
  stop(): Promise<void>;
}

/** The object store the config names; signed links go through the gateway's public file path. */
export async function objectStoreFor(service: string, config: RuntimeConfig): Promise<ObjectStore> {
  const env = StorageEnv.parse(config);
  const store = createObjectStore(storageConfigFromEnv(env, { signedPath: `/api/v1/files/${service}` }));
  if (store instanceof S3ObjectStore) await store.ensureBucket();
  return store;
}

/** Connects everything a service needs and returns it running (but not listening). */
export async function startService<C extends RuntimeConfig>(
  definition: ServiceDefinition<C>,
  options: StartOptions,
): Promise<RunningService<C>> {
  const config = loadConfig(definition.config, options.env ?? process.env) as C;
  const { logger } = options;
  const shutdown = new ShutdownRegistry({ logger, timeoutMs: options.shutdownTimeoutMs ?? config.SHUTDOWN_TIMEOUT_MS });
  await ensureDatabase(config.DATABASE_URL);
  const orm = await createOrm({
    service: definition.name,
    url: config.DATABASE_URL,
    entities: definition.entities,
    migrations: definition.migrations,
    pool: { max: config.DATABASE_POOL_MAX },
  });
  shutdown.register('database', ShutdownOrder.DATABASE, () => orm.close());
  if (options.migrate) await migrate(orm);
  const bus = await connectBus({ url: config.NATS_URL, name: definition.name, namespace: config.NATS_NAMESPACE });
  shutdown.register('bus', ShutdownOrder.BUS, () => bus.drain());
  const deps: ServiceDeps<C> = {
    service: definition.name,
    config,
    logger,
    orm,
    bus,
    outbox: new Outbox(),
    audit: new AuditLog(definition.name),
    store: options.store ?? (await objectStoreFor(definition.name, config)),
    // Accepted tokens are remembered (≤ 60 s, never past their expiry): see TokenCache.
    verifier: options.verifier ?? new TokenCache(createJwtVerifier({ jwksUrl: config.JWKS_URL })),
    clock: options.clock ?? systemClock,
  };
  const consumers = definition.consumers?.(deps) ?? [];
  await ensureTopology(bus, { streams: [definition.name], service: definition.name, consumers });
  const deadLetters = new DeadLetters({ orm, logger, service: definition.name, consumers });
  const app = await buildServiceApp(definition, deps, deadLetters);
  shutdown.register('http', ShutdownOrder.HTTP, () => app.close());
  if (options.background ?? true) await startBackground(definition, deps, consumers, shutdown);
  return { app, deps, deadLetters, shutdown, stop: async () => void (await shutdown.run('stop')) };
}

async function startBackground<C extends RuntimeConfig>(
  definition: ServiceDefinition<C>,
  deps: ServiceDeps<C>,
  consumers: NonNullable<ReturnType<NonNullable<ServiceDefinition<C>['consumers']>>>,
  shutdown: ShutdownRegistry,
): Promise<void> {
  const { orm, bus, logger, outbox } = deps;
  const relay = new OutboxRelay({ orm, bus, logger });
  relay.start();
  shutdown.register('outbox relay', ShutdownOrder.RELAY, () => relay.stop());
  const runner = new ConsumerRunner({ orm, bus, logger, service: definition.name, consumers, outbox });
  await runner.start();
  shutdown.register('consumers', ShutdownOrder.CONSUMERS, () => runner.stop(10_000));
  // ensureTopology declares the advisory stream only for a service with consumers (identity has none).
  if (consumers.length > 0) {
    const recorder = new DeadLetterRecorder({ orm, bus, logger, service: definition.name });
    await recorder.start();
    shutdown.register('dead-letter recorder', ShutdownOrder.CONSUMERS, () => recorder.stop());
  }
  const workers: Worker[] = definition.workers?.(deps) ?? [];
  for (const worker of workers) {
    await worker.start();
    shutdown.register(`worker ${worker.name}`, ShutdownOrder.CONSUMERS, () => worker.stop());
  }
}
