import { type ServiceName } from '@gradeline/contracts';
import { Pool } from 'undici';
import { type Config } from '../../config';

/** The services behind the gateway (itself excluded). */
export const UPSTREAM_SERVICES = ['identity', 'exam', 'ingestion', 'ocr', 'grading', 'export'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

export interface Upstream {
  service: UpstreamService;
  origin: string;
  pool: Pool;
}

/**
 * One keep-alive connection pool per configured service. A service without `<SERVICE>_URL` has
 * no upstream: its routes answer 503 `upstream_unavailable`.
 */
export class Upstreams {
  private readonly byService = new Map<UpstreamService, Upstream>();

  constructor(config: Config) {
    for (const service of UPSTREAM_SERVICES) {
      const url = config[`${service.toUpperCase() as Uppercase<UpstreamService>}_URL`];
      if (!url) continue;
      const origin = new URL(url).origin;
      this.byService.set(service, { service, origin, pool: new Pool(origin, { connections: 256, keepAliveTimeout: 30_000 }) });
    }
  }

  get(service: ServiceName): Upstream | undefined {
    return this.byService.get(service as UpstreamService);
  }

  configured(): Upstream[] {
    return [...this.byService.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.byService.values()].map((u) => u.pool.close()));
  }
}
