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
  for (const s of services.filter((svc) => hasScript(svc.name, 'migrate.ts'))) {
    const { command, args } = tsNode(`services/${s.name}/src/migrate.ts`);
    const code = await runToCompletion(`migrate ${s.name}`, command, args, serviceEnv(s, platform, process.env), sink);
    if (code !== 0) {
      throw new Error(`migrations of ${s.name} failed (database ${databaseUrl(platform.postgresServerUrl, s.name, platform.databasePrefix)})`);
    }
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
