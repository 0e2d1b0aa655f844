import { type Readable } from 'node:stream';

/** How to store an object. `size`, when known, is checked against the bytes actually received. */
export interface PutOptions {
  contentType?: string;
  size?: number;
  /** Small string pairs kept beside the object (lowercase keys, printable ASCII values). */
  metadata?: Record<string, string>;
}

export interface PutResult {
  key: string;
  size: number;
  etag?: string;
  contentType: string;
}

/** What `head` tells about one object. */
export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string;
  etag?: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

/** What `list` yields: listings carry no content type or metadata (S3 does not return them). */
export interface ListedObject {
  key: string;
  size: number;
  etag?: string;
  lastModified: Date;
}

export interface SignedReadUrlOptions {
  expiresInSeconds: number;
  /** Sent as `Content-Disposition: attachment` so the browser saves it under this name. */
  downloadName?: string;
  /** Overrides the stored content type in the response. */
  contentType?: string;
}

/**
 * The object store port. Page images of minors' exams live behind it: nothing stored here is ever
 * public; a browser reads an object only through a short-lived signed URL an authorised route made.
 */
export interface ObjectStore {
  /** Stores a stream (consumed incrementally, never buffered whole) or a buffer under `key`. */
  put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<PutResult>;
  /** The whole object; rejects with ObjectNotFoundError when it does not exist. */
  get(key: string): Promise<Readable>;
  /** Bytes start..endInclusive (an end past the object is clipped); for lazy parsing of big files. */
  getRange(key: string, start: number, endInclusive: number): Promise<Readable>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Idempotent: deleting a missing object succeeds. */
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix` (a plain string prefix); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every object whose key starts with `prefix`, in key order, paginating underneath. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** A URL anyone holding it may GET until it expires: hand it only to an authorised caller. */
  signedReadUrl(key: string, options: SignedReadUrlOptions): Promise<string>;
  /** Readiness: resolves when the store can serve, throws when it cannot. */
  check(): Promise<void>;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
