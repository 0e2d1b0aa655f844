import path from 'node:path';
import { createMigrationMain } from '@gradeline/runtime';

createMigrationMain(async () => (await import('./service.js')).service, path.join(__dirname, 'migrations'));
