import { type MikroORM } from '@mikro-orm/postgresql';
import { ensureDatabase } from './ensure-database';
import { createOrm, type OrmOptions } from './orm';

/** Runs the pending migrations (in one transaction) and returns their names, oldest first. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}

export type MigrationsCliOptions = Omit<OrmOptions, 'migrationsPath' | 'debug'>;

/** Creates the database if needed and applies pending migrations; throws on failure. */
export async function migrateDatabase(options: MigrationsCliOptions): Promise<string[]> {
  await ensureDatabase(options.url);
  const orm = await createOrm({ ...options, pool: { min: 0, max: 2 } });
  try {
    return await migrate(orm);
  } finally {
    await orm.close(true);
  }
}

/**
 * What a service's `src/migrate.ts` calls (`npm run migrate -w services/<name>`): creates the
 * database if needed, applies pending migrations, prints what it did. Sets a non-zero exit code
 * on failure instead of throwing, so the script stays one line.
 */
export async function runMigrationsCli(options: MigrationsCliOptions): Promise<string[]> {
  try {
    const applied = await migrateDatabase(options);
    const list = applied.length ? `: ${applied.join(', ')}` : '';
    process.stdout.write(`${options.service}: ${applied.length} migration(s) applied${list}\n`);
    return applied;
  } catch (error) {
    process.stderr.write(`${options.service}: migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return [];
  }
}

export interface CreateMigrationOptions extends MigrationsCliOptions {
  /** The folder the new file goes to (the service's `src/migrations`). */
  dir: string;
  /** A short suffix for the file and class name (`add_exam_title`). */
  name?: string;
}

export interface CreatedMigration {
  /** The class (and file) name to add to the service's migration list. */
  className: string;
  /** Absolute path of the written file. */
  path: string;
  up: string[];
}

/**
 * Writes a TypeScript migration with the difference between the entities and the database as
 * the committed migrations leave it (they are applied first). Returns null when nothing changed.
 */
export async function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration | null> {
  await ensureDatabase(options.url);
  const orm = await createOrm({ ...options, migrationsPath: options.dir, pool: { min: 0, max: 2 } });
  try {
    await migrate(orm);
    const result = await orm.getMigrator().createMigration(options.dir, false, false, options.name);
    if (!result.fileName) return null;
    const className = result.fileName.replace(/\.[cm]?[jt]s$/, '');
    return { className, path: `${options.dir}/${result.fileName}`, up: result.diff.up };
  } finally {
    await orm.close(true);
  }
}
