import { type ItemBucketMetadata, Client, S3Error } from 'minio';
import { type Readable } from 'node:stream';
import { AppError } from '@gradeline/kit/errors';
import { ObjectNotFoundError, invalidObjectRequest } from './errors';
import {
  DEFAULT_CONTENT_TYPE,
  type ListedObject,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
  type PutResult,
  type SignedReadUrlOptions,
} from './object-store';
import {
  assertValidKey,
  assertValidPrefix,
  assertValidPutOptions,
  assertValidRange,
  assertValidSignedUrlOptions,
} from './object-validation';
import { attachmentDisposition } from './content-disposition';
import { MIN_PART_SIZE, uploadInParts } from './s3-part-upload';
import { RETRY_DELAYS_MS, retryTransient } from './s3-retry';

export interface S3ObjectStoreOptions {
  endPoint: string;
  port?: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region?: string;
  /** `bucket` in the path rather than the host name; MinIO and most S3 clones want it (default true). */
  pathStyle?: boolean;
  /** Memory held per upload; 8 MiB allows objects up to ~80 GB (10,000 parts). */
  partSizeBytes?: number;
  /** Signed URLs count their lifetime from this clock. */
  clock?: () => Date;
  /**
   * Where browsers reach the same server (ingress or CDN in front of MinIO/S3), when it differs from
   * `endPoint` (an in-cluster address). Signed read URLs are signed for this host, so the signature
   * matches the Host header the browser sends; the proxy must pass that Host through unchanged.
   */
  publicEndpoint?: { endPoint: string; port?: number; useSSL: boolean };
  /** Waits before retrying a request that failed on a transient error (a dropped connection, SlowDown). */
  retryDelaysMs?: readonly number[];
}

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
// Standard headers minio reports in statObject's metaData beside the user's x-amz-meta-* pairs.
const STANDARD_HEADERS = new Set(['content-type', 'cache-control', 'content-encoding', 'content-disposition', 'content-language']);
const DELETE_BATCH = 1000;

/** The ObjectStore on S3 or MinIO, through the minio client. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: Client;
  /** Signs read URLs: the public endpoint's client, or `client` itself. Signing makes no request. */
  private readonly signer: Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly clock: () => Date;
  private readonly retries: readonly number[];

  constructor(private readonly options: S3ObjectStoreOptions) {
    const { endPoint, port, useSSL, accessKey, secretKey, region, pathStyle = true } = options;
    this.client = new Client({ endPoint, port, useSSL, accessKey, secretKey, region, pathStyle });
    // With the region given, presigning is computed locally (no GetBucketLocation round trip).
    this.signer = options.publicEndpoint
      ? new Client({ ...options.publicEndpoint, accessKey, secretKey, region: region ?? 'us-east-1', pathStyle })
      : this.client;
    this.bucket = options.bucket;
    this.partSize = Math.max(options.partSizeBytes ?? 8 * 1024 * 1024, MIN_PART_SIZE);
    this.clock = options.clock ?? (() => new Date());
    this.retries = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  private retry<T>(call: () => Promise<T>): Promise<T> {
    return retryTransient(call, this.retries);
  }

  /** Creates the bucket when it does not exist (start-up of a fresh installation). */
  async ensureBucket(): Promise<void> {
    if (await this.retry(() => this.client.bucketExists(this.bucket))) return;
    try {
      await this.client.makeBucket(this.bucket, this.options.region ?? 'us-east-1');
    } catch (error) {
      if (!(error instanceof S3Error && error.code === 'BucketAlreadyOwnedByYou')) throw error;
    }
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions = {}): Promise<PutResult> {
    assertValidKey(key);
    assertValidPutOptions(options);
    const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
    const headers: ItemBucketMetadata = { 'Content-Type': contentType };
    for (const [name, value] of Object.entries(options.metadata ?? {})) headers[`X-Amz-Meta-${name}`] = value;
    const target = { client: this.client, bucket: this.bucket, key, headers, partSize: this.partSize, expectedSize: options.size, retryDelaysMs: this.retries };
    const { size, etag } = await uploadInParts(target, body);
    return { key, size, etag, contentType };
  }

  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    return this.orNotFound(key, () => this.retry(() => this.client.getObject(this.bucket, key)));
  }

  async getRange(key: string, start: number, endInclusive: number): Promise<Readable> {
    assertValidKey(key);
    assertValidRange(start, endInclusive);
    try {
      return await this.orNotFound(key, () => this.retry(() => this.client.getPartialObject(this.bucket, key, start, endInclusive - start + 1)));
    } catch (error) {
      if (error instanceof S3Error && error.code === 'InvalidRange') throw invalidObjectRequest('start', 'is past the end of the object');
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    try {
      const stat = await this.retry(() => this.client.statObject(this.bucket, key));
      const meta = stat.metaData as Record<string, string | undefined>;
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(meta)) {
        if (value !== undefined && !STANDARD_HEADERS.has(name.toLowerCase()) && !name.toLowerCase().startsWith('x-amz-')) metadata[name] = value;
      }
      const contentType = meta['content-type'] ?? DEFAULT_CONTENT_TYPE;
      return { key, size: stat.size, contentType, etag: stat.etag || undefined, lastModified: stat.lastModified, metadata };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.retry(() => this.client.removeObject(this.bucket, key)); // S3 deletes are idempotent
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { allowEmpty: false });
    let batch: string[] = [];
    let count = 0;
    for await (const object of this.list(prefix)) {
      batch.push(object.key);
      if (batch.length === DELETE_BATCH) {
        count += await this.removeBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) count += await this.removeBatch(batch);
    return count;
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertValidPrefix(prefix, { allowEmpty: true });
    // listObjectsV2 streams pages of 1000 and follows continuation tokens as it is read.
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      const { name, size, etag, lastModified } = item as { name?: string; size: number; etag?: string; lastModified: Date };
      if (name !== undefined) yield { key: name, size, etag: etag || undefined, lastModified };
    }
  }

  async signedReadUrl(key: string, options: SignedReadUrlOptions): Promise<string> {
    assertValidKey(key);
    assertValidSignedUrlOptions(options);
    const { expiresInSeconds, downloadName, contentType } = options;
    // Response overrides are part of the signature: the holder cannot change them.
    const overrides: Record<string, string> = { 'response-cache-control': 'private, no-store' };
    if (contentType) overrides['response-content-type'] = contentType;
    if (downloadName) overrides['response-content-disposition'] = attachmentDisposition(downloadName);
    return this.signer.presignedGetObject(this.bucket, key, expiresInSeconds, overrides, this.clock());
  }

  async check(): Promise<void> {
    let exists: boolean;
    try {
      exists = await this.client.bucketExists(this.bucket);
    } catch {
      throw new AppError('service_unavailable', 'object store does not answer');
    }
    if (!exists) throw new AppError('service_unavailable', 'object store bucket does not exist');
  }

  private async removeBatch(keys: string[]): Promise<number> {
    const failures = await this.retry(() => this.client.removeObjects(this.bucket, keys));
    if (failures.length > 0) throw new Error(`could not delete ${failures.length} of ${keys.length} objects`);
    return keys.length;
  }

  private async orNotFound<T>(key: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof S3Error && NOT_FOUND_CODES.has(String(error.code));
}
