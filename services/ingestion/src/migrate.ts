import { migrateMain } from '@gradeline/runtime';

migrateMain(async () => (await import('./service.js')).service);
