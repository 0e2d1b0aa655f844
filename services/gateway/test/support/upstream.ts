import Fastify, { type FastifyInstance } from 'fastify';
import { type AddressInfo } from 'node:net';

/** What a stand-in service saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeService {
  name: string;
  url: string;
  app: FastifyInstance;
  seen: Seen[];
  close(): Promise<void>;
}

/**
 * A stand-in for a service behind the gateway: a real HTTP server on a random port that records
 * every request and echoes it back as JSON. `setup` adds routes of its own before it listens.
 */
export async function startFakeService(name: string, setup?: (app: FastifyInstance, seen: Seen[]) => void): Promise<FakeService> {
  const app = Fastify();
  const seen: Seen[] = [];
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.addHook('onRequest', async (request) => {
    seen.push({ method: request.method, url: request.url, headers: { ...request.headers } });
  });
  setup?.(app, seen);
  app.all('/*', async (request) => ({ service: name, method: request.method, url: request.url }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { name, url: `http://127.0.0.1:${port}`, app, seen, close: () => app.close() };
}

/** A URL where nothing listens (a service that is down). */
export async function deadUrl(): Promise<string> {
  const app = Fastify();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  await app.close();
  return `http://127.0.0.1:${port}`;
}
