import { AppError } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';

/** The ETag of a versioned thing: its version number, quoted. */
export const etag = (version: number): string => `"${version}"`;

/** The version the client names in If-Match; null when absent. A malformed value matches no version. */
export function ifMatch(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}

/** The If-Match version of a write that must name what it replaces: 428 when absent. */
export function requireIfMatch(request: FastifyRequest): number {
  return requiredVersion(ifMatch(request));
}

/** The same check for a service that looks at the caller's rights first (403/404 before 428). */
export function requiredVersion(version: number | null): number {
  if (version === null) throw new AppError('precondition_required', 'Send If-Match with the ETag you read.');
  return version;
}

/**
 * 409 `version_conflict` with the current state (`current`, `currentVersion` in the problem body)
 * when the client read another version than the current one. `expected` null: the client did not
 * say (commands whose own rules already guard them), so nothing is checked.
 */
export function assertCurrentVersion(what: string, expected: number | null, current: number, view: () => unknown): void {
  if (expected === null || expected === current) return;
  throw new AppError('version_conflict', `The ${what} changed since you read it: it is now version ${current}.`, {
    extensions: { currentVersion: current, current: view() },
  });
}
