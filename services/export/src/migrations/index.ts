import { type MigrationList } from '@gradeline/db';
import { Migration20261127234008_export } from './Migration20261127234008_export';

/** The export service's committed migrations, oldest first. */
export const migrations: MigrationList = [{ name: 'Migration20261127234008_export', class: Migration20261127234008_export }];
