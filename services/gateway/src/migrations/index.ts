import { type MigrationObject } from '@gradeline/db';
import { Migration20261127233758_webhooks } from './Migration20261127233758_webhooks';

/** The gateway's committed migrations, oldest first (after the platform's). */
export const migrations: MigrationObject[] = [{ name: 'Migration20261127233758_webhooks', class: Migration20261127233758_webhooks }];
