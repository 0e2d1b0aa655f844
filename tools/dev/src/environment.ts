import path from 'node:path';
import { devSecrets } from './secrets';
import { DATA, GATEWAY_PORT, SERVICES, type ServiceSpec } from './services';

export interface Platform {
  postgresServerUrl: string;
  natsUrl: string;
  storageEnv: Record<string, string>;
}

export function databaseUrl(serverUrl: string, service: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/gradeline_${service}`;
  return u.toString();
}

export const publicUrl = (env: NodeJS.ProcessEnv) => env.PUBLIC_URL ?? `http://localhost:${GATEWAY_PORT}`;

/**
 * The environment every service gets locally. Each service's own zod config picks what it needs;
 * docs/configuration.md lists every variable.
 */
export function serviceEnv(service: ServiceSpec, platform: Platform, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const secrets = devSecrets();
  const urls = Object.fromEntries(SERVICES.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port}`]));
  const pub = publicUrl(env);
  return {
    PATH: env.PATH,
    HOME: env.HOME,
    ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? { OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    NODE_ENV: 'development',
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    HOST: '127.0.0.1',
    PORT: String(service.port),
    DATABASE_URL: databaseUrl(platform.postgresServerUrl, service.name),
    NATS_URL: platform.natsUrl,
    ...platform.storageEnv,
    STORAGE_SIGNING_SECRET: secrets.storageSigningSecret,
    WEBHOOK_SIGNING_SECRET: secrets.webhookSigningSecret,
    PUBLIC_URL: pub,
    JWKS_URL: `http://127.0.0.1:8081/.well-known/jwks.json`,
    JWT_KEYS_DIR: path.join(DATA, 'keys'),
    MAIL_DIR: path.join(DATA, 'mail'),
    DATA_DIR: DATA,
    ...urls,
  };
}
