// npm run create-admin [-- --username <name>]: creates a platform admin through the identity
// service's script, with the environment `npm start` gives it (prints a one-time password; a change
// is forced at first sign-in).
import { DEFAULT_PORTS } from './environment';
import { bootstrapAdmin } from './admin';
import { resolveNats, resolvePostgres, resolveStorage } from './infrastructure';
import { DATA, GATEWAY_PORT } from './services';

async function main(): Promise<void> {
  const pg = await resolvePostgres(process.env);
  const nats = await resolveNats(process.env);
  try {
    const out = await bootstrapAdmin(
      {
        postgresServerUrl: pg.serverUrl,
        natsUrl: nats.url,
        storageEnv: resolveStorage(process.env).env,
        dataDir: DATA,
        ports: DEFAULT_PORTS,
        publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${GATEWAY_PORT}`,
      },
      process.argv.slice(2),
    );
    if (out === null) throw new Error('the identity service does not exist in this checkout yet');
    console.log(out);
  } finally {
    await nats.stop();
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
