import { type MigrationList } from '@gradeline/db';
import { Migration20261127234410_exam } from './Migration20261127234410_exam';
import { Migration20261128002640_identification_dispatch_release } from './Migration20261128002640_identification_dispatch_release';

/** Committed migrations of the exam database, in order (after the platform's). */
export const migrations: MigrationList = [
  { name: 'Migration20261127234410_exam', class: Migration20261127234410_exam },
  { name: 'Migration20261128002640_identification_dispatch_release', class: Migration20261128002640_identification_dispatch_release },
];
