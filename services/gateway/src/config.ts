import { envBoolean, envDuration, envInt, envList, envPort, envUrl } from '@gradeline/kit';
import { RuntimeConfig } from '@gradeline/runtime';
import { z } from 'zod';

const MiB = 1024 * 1024;
const upstream = envUrl(['http', 'https']).optional();

/**
 * The gateway's variables beyond RuntimeConfig (see services/gateway/README.md). Limits are
 * "requests per window"; a service whose `<SERVICE>_URL` is unset answers 503 for its routes.
 */
export const Config = RuntimeConfig.extend({
  IDENTITY_URL: upstream,
  EXAM_URL: upstream,
  INGESTION_URL: upstream,
  OCR_URL: upstream,
  GRADING_URL: upstream,
  EXPORT_URL: upstream,
  /** Time an upstream has to start answering (uploads are answered once fully received). */
  UPSTREAM_TIMEOUT_MS: envDuration().default(120_000),
  /** Serve /metrics on this port only (keep it off the public listener in production). */
  METRICS_PORT: envPort().optional(),
  /** Proxies in front of the gateway whose X-Forwarded-For entries are trusted (0: none). */
  TRUST_PROXY_HOPS: envInt({ min: 0, max: 10 }).default(0),
  CORS_ORIGINS: envList().default([]),
  JSON_BODY_LIMIT: envInt({ min: 1_024 }).default(MiB),
  /** Largest upload (1 GiB of scans plus multipart overhead by default). */
  UPLOAD_MAX_BYTES: envInt({ min: 1_024 }).default(1_024 * MiB + 16 * MiB),
  REDIS_URL: envUrl(['redis', 'rediss']).optional(),
  RATE_LIMIT_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('gradeline:rate:'),
  RATE_LIMIT_IP_PER_MINUTE: envInt({ min: 1 }).default(600),
  RATE_LIMIT_USER_PER_MINUTE: envInt({ min: 1 }).default(300),
  RATE_LIMIT_AUTH_PER_MINUTE: envInt({ min: 1 }).default(10),
  RATE_LIMIT_UPLOAD_PER_HOUR: envInt({ min: 1 }).default(20),
  DOCS_CACHE_TTL_MS: envDuration().default(30_000),
  /** Key material for the webhook secrets kept encrypted at rest (AES-256-GCM). */
  WEBHOOK_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters'),
  WEBHOOKS_ALLOW_HTTP: envBoolean().default(false),
  WEBHOOKS_ALLOW_PRIVATE: envBoolean().default(false),
  WEBHOOK_TIMEOUT_MS: envDuration().default(10_000),
  /** Waits before each retry; after the last one the delivery is failed. */
  WEBHOOK_RETRY_SCHEDULE: envList()
    .pipe(z.array(envDuration()).min(1))
    .default(['1m', '5m', '15m', '1h', '3h', '6h', '12h'].map(toMs)),
  WEBHOOK_POLL_INTERVAL_MS: envDuration().default(1_000),
  /** Delivery rows (and the event payloads they hold) are deleted after this long. */
  WEBHOOK_DELIVERY_RETENTION_MS: envDuration().default(30 * 24 * 3_600_000),
});
export type Config = z.infer<typeof Config>;

function toMs(duration: string): number {
  return envDuration().parse(duration);
}
