import { AppError } from '@gradeline/kit';

/** The ETag of a version: a strong, quoted integer (`"3"`). */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version a write was based on, from its `If-Match` header (`"3"`, `W/"3"` or `3`).
 * Missing, `*` or unreadable: 428 `precondition_required`, since a write that names no version
 * could silently overwrite someone else's work.
 */
export function requiredVersion(header: string | string[] | undefined): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  const match = value ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(value) : null;
  if (!match) {
    throw new AppError('precondition_required', 'send the version you edited in If-Match (the ETag of your last read)');
  }
  return Number(match[1]);
}

/** 409 `version_conflict` carrying the current state, so the client can reload and merge. */
export function versionConflict(what: string, current: unknown, currentVersion: number): AppError {
  return new AppError('version_conflict', `the ${what} changed since your version: reload it and apply your change again`, {
    extensions: { currentVersion, current },
  });
}
