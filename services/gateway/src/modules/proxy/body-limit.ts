import { Transform, type TransformCallback } from 'node:stream';

/** Raised inside the upload stream when it passes its limit. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Passes bytes through until `limit`, then fails the stream: the upstream request is aborted
 * mid-way instead of the body being buffered to be measured.
 */
export class ByteLimit extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.exceeded = true;
      callback(new BodyTooLarge(this.limit));
      return;
    }
    callback(null, chunk);
  }
}

/** The declared body length, or undefined for a chunked (or absent) body. */
export function declaredLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
