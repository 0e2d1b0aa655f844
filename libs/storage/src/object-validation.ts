import { invalidObjectRequest } from './errors';
import { type PutOptions, type SignedReadUrlOptions } from './object-store';

// S3's own limit; the filesystem adapter keeps it too, so a key valid on one is valid on both.
const MAX_KEY_BYTES = 1024;
// Printable: no C0/C1 control characters and no DEL. Backslash is refused because the filesystem
// adapter would read it as a separator on Windows-mounted volumes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\\]/;
// S3 keeps user metadata in HTTP headers: lowercase names, printable ASCII values, ~2 KB in all.
const METADATA_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const METADATA_VALUE = /^[\u0020-\u007e]*$/;
const MAX_METADATA_BYTES = 2000;
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=[\u0020-\u007e]+)*$/i;
// S3 refuses presigned URLs valid for more than seven days.
const MAX_URL_LIFETIME_SECONDS = 7 * 24 * 3600;

function checkSegments(path: string, value: string, allowTrailingSlash: boolean): void {
  if (UNPRINTABLE.test(value)) throw invalidObjectRequest(path, 'must be printable, without backslashes');
  if (Buffer.byteLength(value) > MAX_KEY_BYTES) throw invalidObjectRequest(path, 'is longer than 1024 bytes');
  if (value.startsWith('/')) throw invalidObjectRequest(path, 'must not start with /');
  const segments = value.split('/');
  if (allowTrailingSlash && segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') throw invalidObjectRequest(path, 'must not contain empty segments');
    if (segment === '.' || segment === '..') throw invalidObjectRequest(path, 'must not contain . or .. segments');
  }
}

/** The one place keys are checked: every adapter calls it before touching its backend. */
export function assertValidKey(key: string): void {
  if (key.length === 0) throw invalidObjectRequest('key', 'must not be empty');
  checkSegments('key', key, false);
}

/** A prefix is a key's beginning: it may end with `/` and may stop mid-segment (`exams/12` matches `exams/123/…`). */
export function assertValidPrefix(prefix: string, { allowEmpty }: { allowEmpty: boolean }): void {
  if (prefix.length === 0) {
    if (allowEmpty) return;
    throw invalidObjectRequest('prefix', 'must not be empty');
  }
  checkSegments('prefix', prefix, true);
}

export function assertValidPutOptions(options: PutOptions): void {
  const { size, contentType, metadata = {} } = options;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw invalidObjectRequest('size', 'must be a non-negative integer');
  }
  if (contentType !== undefined) assertValidContentType('contentType', contentType);
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!METADATA_NAME.test(name)) throw invalidObjectRequest(`metadata.${name}`, 'names are lowercase letters, digits and dashes');
    if (!METADATA_VALUE.test(value)) throw invalidObjectRequest(`metadata.${name}`, 'values are printable ASCII');
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES) throw invalidObjectRequest('metadata', 'is larger than 2000 bytes');
}

export function assertValidContentType(path: string, contentType: string): void {
  if (!CONTENT_TYPE.test(contentType)) throw invalidObjectRequest(path, 'is not a media type');
}

export function assertValidRange(start: number, endInclusive: number): void {
  if (!Number.isSafeInteger(start) || start < 0) throw invalidObjectRequest('start', 'must be a non-negative integer');
  if (!Number.isSafeInteger(endInclusive) || endInclusive < start) {
    throw invalidObjectRequest('endInclusive', 'must be an integer not below start');
  }
}

export function assertValidSignedUrlOptions(options: SignedReadUrlOptions): void {
  const { expiresInSeconds, downloadName, contentType } = options;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_URL_LIFETIME_SECONDS) {
    throw invalidObjectRequest('expiresInSeconds', 'must be an integer from 1 to 604800');
  }
  if (downloadName !== undefined && (downloadName.length === 0 || downloadName.length > 255 || UNPRINTABLE.test(downloadName))) {
    throw invalidObjectRequest('downloadName', 'must be 1 to 255 printable characters');
  }
  if (contentType !== undefined) assertValidContentType('contentType', contentType);
}
