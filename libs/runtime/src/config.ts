import { BaseConfig, envInt, envProxyList, envUrl } from '@gradeline/kit';
import { StorageEnv } from '@gradeline/storage';
import { z } from 'zod';

/**
 * What every service with a database reads from its environment. Extend it in the service's
 * `src/config.ts`: `export const Config = RuntimeConfig.extend({ ... })`. Storage variables are
 * checked for the chosen STORAGE_KIND when the service starts (StorageEnv's own rules).
 */
export const RuntimeConfig = BaseConfig.extend({
  ...StorageEnv.shape,
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  /**
   * Most PostgreSQL connections of one process. Writes hold a connection only for their statements,
   * so a few serve many concurrent requests; more connections only add PostgreSQL processes
   * competing for the same cores.
   */
  DATABASE_POOL_MAX: envInt({ min: 1, max: 200 }).default(10),
  NATS_URL: envUrl(['nats', 'tls']),
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]+$/, 'lower-case letters and digits only')
    .optional(),
  JWKS_URL: envUrl(['http', 'https']),
  /** The gateway's public base URL: links and signed file URLs start with it. */
  PUBLIC_URL: envUrl(['http', 'https']),
  /**
   * The proxies (the gateway) whose X-Forwarded-For is believed for `request.ip` (audit entries,
   * logs, identity's sign-in throttling); anyone else's is ignored. See docs/configuration.md.
   */
  TRUSTED_PROXIES: envProxyList().default(['loopback']),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;
