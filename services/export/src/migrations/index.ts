import { type MigrationList } from '@gradeline/db';
import { Migration20261127234008_export } from './Migration20261127234008_export';
import { Migration20261127234703_charter_retention } from './Migration20261127234703_charter_retention';
import { Migration20261207200000_student_removal } from './Migration20261207200000_student_removal';
import { Migration20261207210000_student_event_at } from './Migration20261207210000_student_event_at';

/** The export service's committed migrations, oldest first. */
export const migrations: MigrationList = [
  { name: 'Migration20261127234008_export', class: Migration20261127234008_export },
  { name: 'Migration20261127234703_charter_retention', class: Migration20261127234703_charter_retention },
  { name: 'Migration20261207200000_student_removal', class: Migration20261207200000_student_removal },
  { name: 'Migration20261207210000_student_event_at', class: Migration20261207210000_student_event_at },
];
