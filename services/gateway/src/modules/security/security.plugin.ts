import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { type KitServer } from '@gradeline/kit';

// The API answers JSON, and the only pages are the API viewer's (/docs): scripts and styles come
// from the gateway itself, never a CDN. The viewer sets inline style attributes.
const CONTENT_SECURITY_POLICY = {
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
};

/**
 * Security headers on every answer (proxied ones included) and CORS for the listed origins only:
 * with no list, browsers may call the API from the gateway's own origin and nowhere else.
 */
export async function securityHeaders(app: KitServer, corsOrigins: readonly string[]): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
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
