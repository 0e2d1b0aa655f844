import { type AnyEntity, type EntitySchema, type MigrationsOptions } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { OutboxSubscriber } from './outbox-subscriber';
import { platformEntities } from './platform';

/** Migration classes, or `{ name, class }` objects, in the order they run. */
export type MigrationList = NonNullable<MigrationsOptions['migrationsList']>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntitySchema = EntitySchema<any, any> | EntitySchema<AnyEntity>;

export interface OrmOptions {
  /** The service owning the database (`identity`, `exam`, ...); names the connection pool. */
  service: string;
  /** PostgreSQL URL; by convention its database is `gradeline_<service>`. */
  url: string;
  /** The service's own entities; the platform tables (outbox, inbox, dead_letter) are always added. */
  entities: AnyEntitySchema[];
  /** Committed migrations in order, `platformMigrations` first. */
  migrations: MigrationList;
  pool?: { min?: number; max?: number };
  debug?: boolean;
  /** Where `createMigration` writes new migration files (the service's `src/migrations`). */
  migrationsPath?: string;
}

/** Boots MikroORM for one service database. Never a global EntityManager: fork per request or message. */
export function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities: [...platformEntities, ...options.entities],
    extensions: [Migrator],
    // Writes outbox rows at commit and wakes this process's relay (see OutboxSubscriber).
    subscribers: [new OutboxSubscriber()],
    allowGlobalContext: false,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    metadataCache: { enabled: false },
    pool: { min: options.pool?.min ?? 0, max: options.pool?.max ?? 10 },
    debug: options.debug ?? false,
    driverOptions: { connection: { application_name: `gradeline-${options.service}` } },
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      path: options.migrationsPath,
      pathTs: options.migrationsPath,
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}
