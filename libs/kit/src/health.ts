import { INFRASTRUCTURE_ROUTE } from './route-config';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** A readiness check: resolves when the dependency is usable, rejects (or hangs) when not. */
export type ReadinessCheck = () => Promise<void>;

export type CheckStatus = 'ok' | 'fail';

export interface ReadinessResult {
  ready: boolean;
  checks: Record<string, CheckStatus>;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

/** Runs every check concurrently; a check failing or exceeding timeoutMs counts as 'fail'. */
export async function runReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
  logger: FastifyBaseLogger,
): Promise<ReadinessResult> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckStatus]> => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, 'ok'];
      } catch (err) {
        logger.warn({ err, check: name }, 'readiness check failed');
        return [name, 'fail'];
      }
    }),
  );
  const results = Object.fromEntries(entries);
  return { ready: entries.every(([, status]) => status === 'ok'), checks: results };
}

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness check exceeded ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health/live` and `GET /health/ready`; bodies never carry error text. */
export function installHealth(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  timeoutMs = DEFAULT_READINESS_TIMEOUT_MS,
): void {
  // Probes come every few seconds: keep their request lines out of the info-level logs.
  const probe = INFRASTRUCTURE_ROUTE;
  app.get('/health/live', probe, async () => ({ status: 'ok' }));
  app.get('/health/ready', probe, async (request, reply) => {
    const result = await runReadiness(checks, timeoutMs, request.log);
    return reply
      .code(result.ready ? 200 : 503)
      .send({ status: result.ready ? 'ok' : 'unavailable', checks: result.checks });
  });
}
