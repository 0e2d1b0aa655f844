import { type MigrationList } from '@gradeline/db';
import { Migration20261127234335_readings } from './Migration20261127234335_readings';

/** The service's committed migrations, in order (platformMigrations run before them). */
export const migrations: MigrationList = [{ name: 'Migration20261127234335_readings', class: Migration20261127234335_readings }];
