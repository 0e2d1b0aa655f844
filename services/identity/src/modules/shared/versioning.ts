import { AppError } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';

/** The ETag of a version: a strong, quoted validator. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function sendWithEtag<T extends { version: number }>(reply: FastifyReply, view: T): T {
  void reply.header('etag', etagOf(view.version));
  return view;
}

/** The version the client last read (If-Match); 428 when missing, so nobody overwrites blindly. */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) throw new AppError('precondition_required', 'send If-Match with the ETag you last read');
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new AppError('validation_failed', 'If-Match must be an ETag this service sent', { errors: [{ path: 'headers.if-match', message: 'must be an ETag such as "3"' }] });
  return Number(match[1]);
}

/** 409 with the current state when someone else changed it since the client read it. */
export function assertVersion(actual: number, expected: number, current: () => unknown): void {
  if (actual !== expected) {
    throw new AppError('version_conflict', 'changed by someone else since you read it', { extensions: { current: current() } });
  }
}
