import { databaseUrl, serviceEnv, type Platform } from './environment';
import { bootstrapAdmin } from './admin';
import { waitUntilReady } from './readiness';
import { hasScript, presentServices, tsNode, type ServiceSpec } from './services';
import { consoleSink, runToCompletion, Supervisor, type LogSink } from './supervisor';

export interface RunningPlatform {
  services: ServiceSpec[];
  /** What create-admin printed on first run (login and one-time password), or null. */
  admin: string | null;
  stop(): Promise<void>;
}

export interface StartPlatformOptions {
  sink?: LogSink;
  /** Called when a service exits on its own (the platform is then stopped by the caller). */
  onUnexpectedExit: (name: string, code: number | null) => void;
  /** Run `create-admin --if-none` once identity is up (default true). */
  bootstrapAdmin?: boolean;
  readyTimeoutMs?: number;
}

/** Migrates every service's database, starts every service, waits until all are ready. */
export async function startPlatform(platform: Platform, options: StartPlatformOptions): Promise<RunningPlatform> {
  const sink = options.sink ?? consoleSink;
  const services = presentServices();
  // All at once: each migrates its own database, and most of a migration's time is loading the
  // service's code (seconds of CPU each), which overlaps with the others' database round trips.
  const migrating = services.filter((svc) => hasScript(svc.name, 'migrate.ts'));
  const codes = await Promise.all(
    migrating.map((s) => {
      const { command, args } = tsNode(`services/${s.name}/src/migrate.ts`);
      return runToCompletion(`migrate ${s.name}`, command, args, serviceEnv(s, platform, process.env), sink);
    }),
  );
  const failed = migrating.find((_, i) => codes[i] !== 0);
  if (failed) {
    throw new Error(`migrations of ${failed.name} failed (database ${databaseUrl(platform.postgresServerUrl, failed.name, platform.databasePrefix)})`);
  }
  const supervisor = new Supervisor(options.onUnexpectedExit, sink);
  for (const s of services) {
    const { command, args } = tsNode(`services/${s.name}/src/main.ts`);
    supervisor.start(s.name, command, args, serviceEnv(s, platform, process.env));
  }
  const stop = () => supervisor.stopAll();
  const notReady = await waitUntilReady(services.map((s) => ({ name: s.name, port: platform.ports[s.name] })), options.readyTimeoutMs);
  if (notReady.length > 0) {
    await stop();
    throw new Error(`not ready in time: ${notReady.join(', ')}`);
  }
  const admin = options.bootstrapAdmin === false ? null : await bootstrapAdmin(platform);
  return { services, admin, stop };
}
