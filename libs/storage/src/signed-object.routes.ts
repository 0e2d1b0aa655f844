import { AppError } from '@gradeline/kit/errors';
import { type FastifyPluginAsync } from 'fastify';
import { parseByteRange } from './byte-range';
import { attachmentDisposition } from './content-disposition';
import { ObjectNotFoundError } from './errors';
import { type ObjectStore } from './object-store';
import { verifyObjectToken } from './signed-token';

export interface SignedObjectRoutesOptions {
  store: ObjectStore;
  /** The secret the store signs with (`signing.secret`). */
  secret: string;
  clock?: () => Date;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs no bearer token (see @gradeline/auth). */
    public?: boolean;
  }
}

/**
 * Serves the filesystem store's signed URLs: `GET <prefix>/<token>`. Register it with the prefix
 * the store's `signing.baseUrl` ends with: `app.register(signedObjectRoutes, { store, secret, prefix: '/files' })`.
 * The token is the authorisation, so the route is public (no bearer token).
 */
export const signedObjectRoutes: FastifyPluginAsync<SignedObjectRoutesOptions> = async (app, options) => {
  const { store, secret } = options;
  const clock = options.clock ?? (() => new Date());

  // A wildcard, not `/:token`: tokens carry the key and outgrow the router's 100-character parameter limit.
  app.get<{ Params: { '*': string } }>('/*', { config: { public: true } }, async (request, reply) => {
    const check = verifyObjectToken(request.params['*'], secret, Math.floor(clock().getTime() / 1000));
    if (!check.ok) {
      // Expired links get 403 too: the client's remedy is the same (ask the owning service again).
      throw new AppError('forbidden', check.reason === 'expired' ? 'this link has expired' : 'this link is not valid');
    }
    const { key, downloadName, contentType } = check.grant;
    const info = await store.head(key);
    if (!info) throw new ObjectNotFoundError(key);

    reply.headers({
      'content-type': contentType ?? info.contentType,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
    });
    if (info.etag) reply.header('etag', `"${info.etag}"`);
    if (downloadName) reply.header('content-disposition', attachmentDisposition(downloadName));

    const range = parseByteRange(request.headers.range, info.size);
    if (!range) {
      reply.header('content-length', info.size);
      return reply.send(await store.get(key));
    }
    reply.code(206).headers({
      'content-range': `bytes ${range.start}-${range.end}/${info.size}`,
      'content-length': range.end - range.start + 1,
    });
    return reply.send(await store.getRange(key, range.start, range.end));
  });
};
