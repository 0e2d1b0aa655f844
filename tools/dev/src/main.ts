// npm start: the whole platform on one machine. Finds or starts PostgreSQL, NATS and an object
// store, runs every service's migrations, starts every service with prefixed logs, creates the
// first platform admin on first run, and stops everything on Ctrl-C.
import { databaseUrl, publicUrl, serviceEnv, type Platform } from './environment';
import { resolveNats, resolvePostgres, resolveStorage } from './infrastructure';
import { bootstrapAdmin } from './admin';
import { GATEWAY_PORT, hasScript, presentServices, tsNode } from './services';
import { runToCompletion, Supervisor } from './supervisor';
import { waitUntilReady } from './readiness';

async function main(): Promise<void> {
  console.log('Gradeline: starting the platform locally…');
  const pg = await resolvePostgres(process.env);
  const nats = await resolveNats(process.env);
  const storage = resolveStorage(process.env);
  console.log(`  PostgreSQL: ${pg.source}\n  NATS:       ${nats.source}\n  Objects:    ${storage.source}`);
  const platform: Platform = { postgresServerUrl: pg.serverUrl, natsUrl: nats.url, storageEnv: storage.env };

  let shuttingDown = false;
  const supervisor = new Supervisor((name, code) => {
    console.error(`\n✖ ${name} exited unexpectedly (code ${code}); stopping the platform (nothing restarts silently).`);
    void shutdown(1);
  });
  async function shutdown(code: number): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('\nStopping Gradeline…');
    await supervisor.stopAll();
    await nats.stop();
    await pg.stop();
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const services = presentServices();
  if (services.length === 0) {
    console.log('\nNo services exist in this checkout yet; infrastructure is ready. Stopping.');
    return shutdown(0);
  }
  for (const s of services.filter((svc) => hasScript(svc.name, 'migrate.ts'))) {
    const env = serviceEnv(s, platform, process.env);
    const { command, args } = tsNode(`services/${s.name}/src/migrate.ts`);
    const code = await runToCompletion(`migrate ${s.name}`, command, args, env);
    if (code !== 0) {
      console.error(`✖ migrations of ${s.name} failed (database ${databaseUrl(pg.serverUrl, s.name)})`);
      return shutdown(1);
    }
  }
  for (const s of services) {
    const { command, args } = tsNode(`services/${s.name}/src/main.ts`);
    supervisor.start(s.name, command, args, serviceEnv(s, platform, process.env));
  }
  await waitUntilReady(services);
  const admin = await bootstrapAdmin(platform);
  const gatewayUp = services.some((s) => s.name === 'gateway');
  console.log('\n────────────────────────────────────────────────────────────');
  console.log(gatewayUp ? `Gradeline is up: open ${publicUrl(process.env)}/docs` : `Services are up (no gateway yet; ports ${services.map((s) => s.port).join(', ')}).`);
  if (admin) console.log(admin);
  console.log(`Press Ctrl-C to stop.${gatewayUp ? ` Gateway on port ${GATEWAY_PORT}.` : ''}`);
  console.log('────────────────────────────────────────────────────────────\n');
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
