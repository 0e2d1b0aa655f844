import { INFRASTRUCTURE_ROUTE } from './route-config';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This server's Prometheus registry: add service counters with `registers: [app.metrics.registry]`. */
    metrics: ServerMetrics;
  }
}

export interface ServerMetrics {
  registry: Registry;
}

const HISTOGRAM = 'http_request_duration_seconds';

/** Where an unmatched request (404, or refused before routing) is counted. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Wires /metrics and the HTTP duration histogram on a registry of this server's own (never the
 * global one, so several apps in one test process do not clash on metric names).
 */
export function installMetrics(app: FastifyInstance, registry = new Registry()): ServerMetrics {
  // A registry shared by two servers already has these; registering them twice would throw.
  if (!registry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register: registry });
  const histogram =
    (registry.getSingleMetric(HISTOGRAM) as Histogram<'method' | 'route' | 'status_code'> | undefined) ??
    new Histogram({
      name: HISTOGRAM,
      help: 'HTTP request duration in seconds, by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

  app.addHook('onResponse', (request, reply, done) => {
    histogram.observe(
      {
        method: request.method,
        // The template, not the raw URL: `/exams/:id`, so label values stay few.
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get('/metrics', INFRASTRUCTURE_ROUTE, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });

  const metrics = { registry };
  app.decorate('metrics', metrics);
  return metrics;
}
