import type { FastifyInstance } from 'fastify';
import { createLogger, type Logger } from './logger';
import { ShutdownOrder, type ShutdownRegistry } from './shutdown';

export interface HttpOptions {
  host: string;
  port: number;
  /** When given, closing the server is registered as the HTTP shutdown step. */
  shutdown?: ShutdownRegistry;
}

/** Listens on host:port and returns the bound address (e.g. `http://127.0.0.1:3000`). */
export async function startHttp(app: FastifyInstance, options: HttpOptions): Promise<string> {
  const address = await app.listen({ host: options.host, port: options.port });
  options.shutdown?.register('http', ShutdownOrder.HTTP, () => app.close());
  return address;
}

export interface MainOptions {
  service: string;
  /** Where the failure is logged; a fresh stdout logger for `service` when omitted. */
  logger?: Logger;
  exit?: (code: number) => void;
}

/**
 * Runs a process entry point; a startup failure is logged (message and stack, as JSON on stdout)
 * and the process exits 1 instead of lingering half-started.
 */
export function runMain(main: () => Promise<unknown>, options: MainOptions): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  return main().then(
    () => undefined,
    (err: unknown) => {
      const logger = options.logger ?? createLogger({ service: options.service, level: 'info' });
      logger.fatal({ err }, 'startup failed');
      exit(1);
    },
  );
}
