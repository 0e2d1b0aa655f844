import path from 'node:path';
import { devSecrets } from './secrets';
import { PROCESS_ENV, SERVICES, type ServiceName, type ServiceSpec } from './services';

/** Where the platform's processes find their infrastructure, and how they are told apart. */
export interface Platform {
  postgresServerUrl: string;
  natsUrl: string;
  storageEnv: Record<string, string>;
  /** Local data (keys, mail, secrets). */
  dataDir: string;
  /** Port of each service. */
  ports: Record<ServiceName, number>;
  /** The gateway's public URL. */
  publicUrl: string;
  /** Database names are `<databasePrefix><service>` (default `gradeline_`). */
  databasePrefix?: string;
  /** NATS subject/stream namespace (tests keep runs apart with it). */
  natsNamespace?: string;
  logLevel?: string;
}

export const DEFAULT_PORTS = Object.fromEntries(SERVICES.map((s) => [s.name, s.port])) as Record<ServiceName, number>;

export function databaseUrl(serverUrl: string, service: string, prefix = 'gradeline_'): string {
  const u = new URL(serverUrl);
  u.pathname = `/${prefix}${service}`;
  return u.toString();
}

/**
 * The environment every service gets locally. Each service's own zod config picks what it needs;
 * docs/configuration.md lists every variable.
 */
export function serviceEnv(service: ServiceSpec, platform: Platform, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const secrets = devSecrets(platform.dataDir);
  const urls = Object.fromEntries(SERVICES.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${platform.ports[s.name]}`]));
  return {
    PATH: env.PATH,
    HOME: env.HOME,
    ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    ...(env.SMTP_URL ? { SMTP_URL: env.SMTP_URL } : {}),
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? { OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    ...(platform.natsNamespace ? { NATS_NAMESPACE: platform.natsNamespace } : {}),
    NODE_ENV: 'development',
    LOG_LEVEL: platform.logLevel ?? env.LOG_LEVEL ?? 'info',
    HOST: '127.0.0.1',
    PORT: String(platform.ports[service.name]),
    DATABASE_URL: databaseUrl(platform.postgresServerUrl, service.name, platform.databasePrefix),
    NATS_URL: platform.natsUrl,
    ...platform.storageEnv,
    STORAGE_SIGNING_SECRET: secrets.storageSigningSecret,
    WEBHOOK_SIGNING_SECRET: secrets.webhookSigningSecret,
    WEBHOOKS_ALLOW_HTTP: 'true',
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    PUBLIC_URL: platform.publicUrl,
    JWKS_URL: `http://127.0.0.1:${platform.ports.identity}/.well-known/jwks.json`,
    JWT_KEYS_DIR: path.join(platform.dataDir, 'keys'),
    MAIL_DIR: path.join(platform.dataDir, 'mail'),
    DATA_DIR: platform.dataDir,
    ...urls,
    ...PROCESS_ENV[service.name],
  };
}
