import { serviceEnv, type Platform } from './environment';
import { bootstrapAdmin } from './admin';
import { waitUntilReady } from './readiness';
import { hasScript, presentServices, tsNode, type ServiceSpec } from './services';
import { consoleSink, Supervisor, type LogSink } from './supervisor';

export interface RunningPlatform {
  services: ServiceSpec[];
  /** What create-admin printed on first run (login and one-time password), or null. */
  admin: string | null;
  stop(): Promise<void>;
}

export interface StartPlatformOptions {
  sink?: LogSink;
  /** Called once every service is spawned, before they are ready: how to stop them if asked to meanwhile (Ctrl-C). */
  onSpawned?: (stop: () => Promise<void>) => void;
  /** Called when a service exits on its own (the platform is then stopped by the caller). */
  onUnexpectedExit: (name: string, code: number | null) => void;
  /** Run `create-admin --if-none` once identity is up (default true). */
  bootstrapAdmin?: boolean;
  readyTimeoutMs?: number;
}

/** Starts every service (each migrating its database first), waits until all are ready. */
export async function startPlatform(platform: Platform, options: StartPlatformOptions): Promise<RunningPlatform> {
  const sink = options.sink ?? consoleSink;
  const services = presentServices();
  const supervisor = new Supervisor(options.onUnexpectedExit, sink);
  // Each service migrates its own database as it starts (MIGRATE_ON_START), all at once: a separate
  // migration process per service cost as much CPU again as the services' own start, loading the same code.
  for (const s of services) {
    const { command, args } = tsNode(`services/${s.name}/src/main.ts`);
    const migrateOnStart = hasScript(s.name, 'migrate.ts') ? { MIGRATE_ON_START: '1' } : {};
    supervisor.start(s.name, command, args, { ...serviceEnv(s, platform, process.env), ...migrateOnStart });
  }
  const stop = () => supervisor.stopAll();
  options.onSpawned?.(stop);
  const notReady = await waitUntilReady(services.map((s) => ({ name: s.name, port: platform.ports[s.name] })), options.readyTimeoutMs);
  if (notReady.length > 0) {
    await stop();
    throw new Error(`not ready in time: ${notReady.join(', ')}`);
  }
  const admin = options.bootstrapAdmin === false ? null : await bootstrapAdmin(platform);
  return { services, admin, stop };
}
