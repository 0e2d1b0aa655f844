import { createMigration, dropDatabase, migrateDatabase, runMigrationsCli } from '@gradeline/db';
import {
  configOrExit,
  createLogger,
  installSignalHandlers,
  runMain,
  ShutdownOrder,
  startHttp,
  startTelemetry,
  stopWhenSupervisorGone,
} from '@gradeline/kit';
import { type RuntimeConfig } from './config';
import { type ServiceDefinition } from './definition';
import { startService } from './start';
import { type z } from 'zod';

export interface MainOptions<C extends RuntimeConfig> {
  name: string;
  /** The service's config schema (src/config.ts: light, imports no database or HTTP code). */
  config: z.ZodObject;
  /** Loads the definition: `() => import('./service').then((m) => m.service)`. */
  load: () => Promise<ServiceDefinition<C>>;
}

/**
 * A service's `src/main.ts`. The config is checked first (a bad variable stops the process naming
 * it); the definition loads after telemetry starts, so database and HTTP modules are instrumented.
 */
export function serviceMain<C extends RuntimeConfig>({ name, config, load }: MainOptions<C>): void {
  void runMain(
    async () => {
      const base = configOrExit(config) as C;
      const telemetry = startTelemetry({ service: name, otlpEndpoint: base.OTEL_EXPORTER_OTLP_ENDPOINT });
      const definition = await load();
      const logger = createLogger({ service: name, level: base.LOG_LEVEL });
      // `npm start` (tools/dev) migrates each database in its service's own process rather than in a
      // separate one per service; deployments run `migrate` as a job before the rollout instead.
      if (process.env.MIGRATE_ON_START === '1') {
        const { entities, migrations } = definition;
        const applied = await migrateDatabase({ service: name, url: base.DATABASE_URL, entities, migrations });
        logger.info({ applied }, `${applied.length} migration(s) applied`);
      }
      const running = await startService(definition, { logger });
      running.shutdown.register('telemetry', ShutdownOrder.TELEMETRY, () => telemetry.shutdown());
      installSignalHandlers(running.shutdown, logger);
      if (process.env.GRADELINE_SUPERVISED === '1') stopWhenSupervisorGone(() => process.kill(process.pid, 'SIGTERM'));
      const address = await startHttp(running.app, { host: base.HOST, port: base.PORT });
      logger.info({ address }, `${name} listening`);
    },
    { service: name },
  );
}

/** A service's `src/migrate.ts` (`npm run migrate -w services/<name>`): creates the database if missing, runs pending migrations. */
export function migrateMain(load: () => Promise<ServiceDefinition>): void {
  void runMain(
    async () => {
      const definition = await load();
      const config = configOrExit(definition.config) as RuntimeConfig;
      const applied = await runMigrationsCli({
        service: definition.name,
        url: config.DATABASE_URL,
        entities: definition.entities,
        migrations: definition.migrations,
      });
      console.log(applied.length ? `${definition.name}: applied ${applied.join(', ')}` : `${definition.name}: up to date`);
    },
    { service: 'migrate' },
  );
}

/**
 * A service's `src/create-migration.ts` (`npm run migration:create -w services/<name> -- <name>`):
 * writes the entity diff as a new migration in `dir` against a scratch database, which it drops.
 */
export function createMigrationMain(load: () => Promise<ServiceDefinition>, dir: string): void {
  void runMain(
    async () => {
      const definition = await load();
      const config = configOrExit(definition.config) as RuntimeConfig;
      const scratch = new URL(config.DATABASE_URL);
      scratch.pathname = `/gradeline_${definition.name}_migration_${Date.now()}`;
      try {
        const created = await createMigration({
          service: definition.name,
          url: scratch.toString(),
          entities: definition.entities,
          migrations: definition.migrations,
          dir,
          name: process.argv[2],
        });
        console.log(created ? `wrote ${created.path}: add ${created.className} to the service's migration list` : 'no changes');
      } finally {
        await dropDatabase(scratch.toString());
      }
    },
    { service: 'create-migration' },
  );
}
