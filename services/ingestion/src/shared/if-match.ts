import { AppError } from '@gradeline/kit';
import { type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * The version a write is based on, from `If-Match` (`"3"`, `W/"3"` or `3`). People edit review
 * items and copies at the same time, so a write without it is refused (428).
 */
export function requiredVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    throw new AppError('precondition_required', 'send the version you read in If-Match');
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw new AppError('validation_failed', 'If-Match must be a version number', {
      errors: [{ path: 'headers.if-match', message: 'must be a version such as "3"' }],
    });
  }
  return Number(match[1]);
}

/** Sends the version as a strong ETag. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, body: T): T {
  void reply.header('etag', `"${body.version}"`);
  return body;
}

/** 409 `version_conflict` carrying the current state, so the client can show it and retry. */
export async function assertVersion(expected: number, actual: number, current: () => unknown): Promise<void> {
  if (expected !== actual) {
    throw new AppError('version_conflict', `the version is ${actual}, not ${expected}`, { extensions: { current: await current() } });
  }
}
