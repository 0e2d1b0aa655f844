import { type Client, type ItemBucketMetadata } from 'minio';
import { type Readable } from 'node:stream';
import { invalidObjectRequest } from './errors';
import { retryTransient } from './s3-retry';

/** S3 refuses parts below 5 MiB (except the last) and uploads of more than 10,000 parts. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

interface Part {
  data: Buffer;
  final: boolean;
}

// Collects chunks into parts of at least `partSize` bytes. A part is released only once the next
// chunk arrives, so `final` is exact; memory held is one part plus one chunk, whatever the object size.
async function* partsOf(body: Readable | Buffer, partSize: number): AsyncGenerator<Part> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (length >= partSize) {
      const data = Buffer.concat(pending, length);
      pending = []; // let the chunks go before the part is uploaded, or memory doubles
      length = 0;
      yield { data, final: false };
    }
    pending.push(bytes);
    length += bytes.length;
  }
  yield { data: Buffer.concat(pending, length), final: true };
}

export interface PartUploadTarget {
  client: Client;
  bucket: string;
  key: string;
  /** Content-Type and X-Amz-Meta-* headers. */
  headers: ItemBucketMetadata;
  partSize: number;
  expectedSize?: number;
  /** Waits before each retry of a request that failed on a transient error (see s3-retry.ts). */
  retryDelaysMs?: readonly number[];
}

export async function uploadInParts(target: PartUploadTarget, body: Readable | Buffer): Promise<{ size: number; etag?: string }> {
  const parts = partsOf(body, target.partSize);
  try {
    const first = (await parts.next()).value as Part;
    if (!first.final) return await multipartUpload(target, first, parts);
    const { client, bucket, key, headers, expectedSize } = target;
    checkSize(first.data.length, expectedSize, true);
    const { etag } = await retryTransient(() => client.putObject(bucket, key, first.data, first.data.length, headers), target.retryDelaysMs);
    return { size: first.data.length, etag };
  } finally {
    // Stops reading (and destroys) the body when an upload failed half-way.
    await parts.return(undefined);
  }
}

async function multipartUpload(target: PartUploadTarget, first: Part, parts: AsyncGenerator<Part>): Promise<{ size: number; etag?: string }> {
  const { client, bucket, key, headers, expectedSize } = target;
  const retries = target.retryDelaysMs;
  const uploadId = await retryTransient(() => client.initiateNewMultipartUpload(bucket, key, { ...headers }), retries);
  try {
    const etags: { part: number; etag: string }[] = [];
    let size = 0;
    let part: Part | undefined = first;
    for (let number = 1; part; number += 1) {
      if (number > MAX_PARTS) throw invalidObjectRequest('body', 'is too large for the configured part size');
      size += part.data.length;
      checkSize(size, expectedSize, part.final);
      const config = { bucketName: bucket, objectName: key, uploadID: uploadId, partNumber: number, headers: {} };
      const data = part.data;
      const { etag } = await retryTransient(() => client.uploadPart(config, data), retries);
      etags.push({ part: number, etag });
      part = part.final ? undefined : ((await parts.next()).value as Part);
    }
    const done = await retryTransient(() => client.completeMultipartUpload(bucket, key, uploadId, etags), retries);
    return { size, etag: done.etag };
  } catch (error) {
    await client.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
    throw error;
  }
}

function checkSize(received: number, expected: number | undefined, final: boolean): void {
  if (expected === undefined) return;
  if (received > expected || (final && received !== expected)) {
    throw invalidObjectRequest('size', 'the body does not have the announced size');
  }
}
