import { type Readable } from 'node:stream';
import { type FastifyReply } from 'fastify';

/** `Content-Disposition` for a download whose name may hold accents (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Streams a private file: never cached, never sniffed into something runnable. */
export function sendAttachment(reply: FastifyReply, body: Readable, file: { name: string; contentType: string; size?: number | null }): FastifyReply {
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.name))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff');
  if (file.size) reply.header('content-length', String(file.size));
  return reply.send(body);
}
