import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { AppError, type KitServer } from '@gradeline/kit';

/**
 * With METRICS_PORT set, /metrics is served on that port only (a cluster-internal listener for
 * Prometheus) and the public listener answers 404 for it. Without it (local runs) nothing moves.
 */
export function separateMetrics(app: KitServer, options: { host: string; port: number | undefined }): { address(): AddressInfo | null } {
  let server: Server | undefined;
  if (options.port === undefined) return { address: () => null };
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url === '/metrics') throw new AppError('not_found', 'No route matches this method and path.');
  });
  app.addHook('onReady', async () => {
    const registry = app.metrics.registry;
    server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') return void response.writeHead(404).end();
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject).listen(options.port, options.host, resolve);
    });
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return { address: () => (server?.address() as AddressInfo | null) ?? null };
}
