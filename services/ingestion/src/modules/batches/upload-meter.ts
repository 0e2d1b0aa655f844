import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '@gradeline/kit';
import { NotPdfError } from '@gradeline/pdf';

/** PDF readers accept the `%PDF-` header anywhere in the first KiB; so do we. */
const HEADER_WINDOW = 1024;
const MAGIC = Buffer.from('%PDF-', 'latin1');

/** Thrown when the upload grows past the limit (413). */
export function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `the file is larger than the ${maxBytes} bytes allowed`, { extensions: { maxBytes } });
}

/**
 * Sits between the request and object storage: holds back the first KiB until it has seen
 * `%PDF-` (so a file that is not a PDF is refused before anything is stored), then passes bytes
 * through while hashing (SHA-256) and counting them, and fails the stream once it passes `maxBytes`.
 */
export class UploadMeter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private checked = false;
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  /** Hex SHA-256 of everything that went through (call after the stream ended). */
  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    if (this.checked) return callback(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < HEADER_WINDOW + MAGIC.length) return callback();
    this.release(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.checked) return callback();
    this.release(callback);
  }

  private release(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const at = head.subarray(0, HEADER_WINDOW + MAGIC.length).indexOf(MAGIC);
    if (at < 0) return callback(new NotPdfError(head.length === 0 ? 'the file is empty' : undefined));
    this.checked = true;
    callback(null, head);
  }
}
