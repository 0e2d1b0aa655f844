import cors from '@fastify/cors';
import { type KitServer } from '@gradeline/kit';
import helmet, { type HelmetOptions } from 'helmet';

// The API answers JSON; the only pages are the API viewer's (/docs), /set-password and
// /forgot-password (forms, no script). Scripts and styles come from the gateway itself, never a
// CDN; the viewer sets inline style attributes and the two forms carry their own <style>. Forms
// post to the gateway only.
const HELMET: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};

/**
 * helmet's headers, computed once: they depend on nothing in the request, and helmet's
 * middleware rebuilds them (CSP included) on every call, a measurable share of a proxied request.
 */
export function helmetHeaders(options: Readonly<HelmetOptions> = HELMET): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value), removeHeader: () => undefined };
  helmet(options)({} as never, response as never, () => undefined);
  return headers;
}

/**
 * Security headers on every answer (proxied ones included) and CORS for the listed origins only:
 * with no list, browsers may call the API from the gateway's own origin and nowhere else.
 */
export async function securityHeaders(app: KitServer, corsOrigins: readonly string[]): Promise<void> {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  const allowed = new Set(corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'x-request-id', 'traceparent'],
    exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'content-disposition'],
    maxAge: 600,
  });
}
