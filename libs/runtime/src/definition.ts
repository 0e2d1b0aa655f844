import { type AnyConsumerDefinition, type Bus, type Outbox } from '@gradeline/messaging';
import { type AnyEntitySchema, type MigrationList, type MikroORM } from '@gradeline/db';
import { type JwtVerifier } from '@gradeline/auth';
import { type KitServer, type Logger, type TrustProxy } from '@gradeline/kit';
import { type ObjectStore } from '@gradeline/storage';
import { type z } from 'zod';
import { type AuditLog } from './audit';
import { type RuntimeConfig } from './config';

export type ServiceName = 'identity' | 'exam' | 'ingestion' | 'ocr' | 'grading' | 'export' | 'gateway';

/** Time, behind an interface so rules about expiry and deadlines can be tested with a fixed clock. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** The infrastructure a service's modules are built from; plain objects, passed in. */
export interface ServiceDeps<C extends RuntimeConfig = RuntimeConfig> {
  service: ServiceName;
  config: C;
  logger: Logger;
  orm: MikroORM;
  bus: Bus;
  outbox: Outbox;
  /** Audit entries, written in the same transaction as the change they record. */
  audit: AuditLog;
  store: ObjectStore;
  verifier: JwtVerifier;
  clock: Clock;
}

/** Something that runs beside the HTTP server (a job loop, a scheduler). */
export interface Worker {
  name: string;
  start(): Promise<void> | void;
  /** Finish or abandon the work in hand; must resolve before the deadline. */
  stop(): Promise<void>;
}

/**
 * What a service is: its config, tables, consumers, routes and workers. main.ts, migrate.ts and the
 * integration tests all start it from this one definition, so they cannot drift apart.
 */
export interface ServiceDefinition<C extends RuntimeConfig = RuntimeConfig> {
  name: ServiceName;
  config: z.ZodObject;
  entities: AnyEntitySchema[];
  migrations: MigrationList;
  /** The event consumers; they may use the deps (storage, clock). */
  consumers?(deps: ServiceDeps<C>): AnyConsumerDefinition[];
  /** Registers the service's modules on the server (auth, request EntityManager already there). */
  routes(app: KitServer, deps: ServiceDeps<C>): Promise<void> | void;
  workers?(deps: ServiceDeps<C>): Worker[];
  openapi?: { title: string; description?: string };
  /**
   * Whose X-Forwarded-For `request.ip` believes (default: the addresses of TRUSTED_PROXIES). The
   * gateway counts the proxies in front of it instead (TRUST_PROXY_HOPS).
   */
  trustProxy?(config: C): TrustProxy;
  /** Upload routes raise this (bytes); the default is fastify's 1 MiB for JSON bodies. */
  bodyLimit?: number;
}
