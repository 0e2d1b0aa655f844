// `npm run create-admin` (and `npm start` on first run, with --if-none): a platform admin with a
// random one-time password, printed once on stdout in exactly three lines.
import { createOrm, ensureDatabase, migrate } from '@gradeline/db';
import { configOrExit, runMain } from '@gradeline/kit';
import { AuditLog } from '@gradeline/runtime';
import { Config } from './config';

void runMain(
  async () => {
    const config = configOrExit(Config);
    const { service } = await import('./service.js');
    const { Argon2Hasher } = await import('./modules/auth/password-hasher.js');
    const { createPlatformAdmin, parseAdminArguments } = await import('./modules/users/platform-admin.js');
    const options = parseAdminArguments(process.argv.slice(2));
    await ensureDatabase(config.DATABASE_URL);
    const orm = await createOrm({ service: 'identity', url: config.DATABASE_URL, entities: service.entities, migrations: service.migrations });
    try {
      await migrate(orm);
      const created = await createPlatformAdmin(orm.em.fork(), { hasher: new Argon2Hasher(), audit: new AuditLog('identity'), now: new Date() }, options);
      if (created) process.stdout.write(`Platform admin: ${created.username}\nOne-time password: ${created.password}\nChange it at first sign-in.\n`);
    } finally {
      await orm.close();
    }
  },
  { service: 'create-admin' },
);
