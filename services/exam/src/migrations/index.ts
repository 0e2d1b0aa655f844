import { type MigrationList } from '@gradeline/db';
import { Migration20261127234410_exam } from './Migration20261127234410_exam';

/** Committed migrations of the exam database, in order (after the platform's). */
export const migrations: MigrationList = [{ name: 'Migration20261127234410_exam', class: Migration20261127234410_exam }];
