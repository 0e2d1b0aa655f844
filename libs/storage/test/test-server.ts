import { createLogger, createServer, type KitServer } from '@gradeline/kit';

/** The kit's server (problem+json errors) with logs silenced, as a service would build it. */
export function testServer(): KitServer {
  return createServer({ service: 'storage-test', logger: createLogger({ service: 'storage-test', level: 'silent' }) });
}
