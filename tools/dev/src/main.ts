// npm start: the whole platform on one machine. Finds or starts PostgreSQL, NATS and an object
// store, runs every service's migrations, starts every service with prefixed logs, creates the
// first platform admin on first run, and stops everything on Ctrl-C.
import { DEFAULT_PORTS, type Platform } from './environment';
import { resolveNats, resolvePostgres, resolveStorage } from './infrastructure';
import { startPlatform, type RunningPlatform } from './platform';
import { DATA, GATEWAY_PORT, presentServices } from './services';

/** Printed when the databases already hold a platform admin: its one-time password was shown only once. */
const EXISTING_ADMIN = [
  'A platform admin exists already (made by an earlier npm start on these databases): sign in with',
  'the password chosen then. For another one with a one-time password: npm run create-admin -- --username <name>',
].join('\n');

async function main(): Promise<void> {
  console.log('Gradeline: starting the platform locally…');
  const pg = await resolvePostgres(process.env);
  const nats = await resolveNats(process.env);
  const storage = resolveStorage(process.env);
  console.log(`  PostgreSQL: ${pg.source}\n  NATS:       ${nats.source}\n  Objects:    ${storage.source}`);
  const platform: Platform = {
    postgresServerUrl: pg.serverUrl,
    natsUrl: nats.url,
    storageEnv: storage.env,
    dataDir: DATA,
    ports: DEFAULT_PORTS,
    publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${GATEWAY_PORT}`,
  };

  let running: RunningPlatform | undefined;
  // Set as soon as the services are spawned: a Ctrl-C while they start stops them before the database and NATS.
  let stopServices: (() => Promise<void>) | undefined;
  let shuttingDown = false;
  async function shutdown(code: number): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('\nStopping Gradeline…');
    await (running?.stop ?? stopServices)?.();
    await nats.stop();
    await pg.stop();
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (presentServices().length === 0) {
    console.log('\nNo services exist in this checkout yet; infrastructure is ready. Stopping.');
    return shutdown(0);
  }
  try {
    running = await startPlatform(platform, {
      onSpawned: (stop) => (stopServices = stop),
      onUnexpectedExit: (name, code) => {
        console.error(`\n✖ ${name} exited unexpectedly (code ${code}); stopping the platform (nothing restarts silently).`);
        void shutdown(1);
      },
    });
  } catch (error) {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    return shutdown(1);
  }
  const gatewayUp = running.services.some((s) => s.name === 'gateway');
  console.log('\n────────────────────────────────────────────────────────────');
  console.log(gatewayUp ? `Gradeline is up: open ${platform.publicUrl}/docs` : `Services are up on ports ${running.services.map((s) => platform.ports[s.name]).join(', ')} (no gateway yet).`);
  if (running.admin) console.log(`${running.admin}\nSign in: POST ${platform.publicUrl}/api/v1/auth/login (see README "What to do next").`);
  else if (running.services.some((s) => s.name === 'identity')) console.log(EXISTING_ADMIN);
  console.log('Press Ctrl-C to stop.');
  console.log('────────────────────────────────────────────────────────────\n');
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
