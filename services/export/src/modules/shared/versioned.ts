import { AppError } from '@gradeline/kit';

/** The ETag of a version number (a strong validator: the text changes with every version). */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Optimistic concurrency for edits: the caller must send the version it read (`If-Match`, 428
 * when missing); a stale one answers 409 with the current state, so nothing is overwritten unseen.
 */
export function checkIfMatch(ifMatch: string | undefined, currentVersion: number, current: unknown): void {
  if (!ifMatch) throw new AppError('precondition_required', 'send If-Match with the ETag you read');
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(currentVersion))) {
    throw new AppError('version_conflict', 'it was changed since you read it', { extensions: { currentVersion, current } });
  }
}
