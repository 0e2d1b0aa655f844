import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { type Readable } from 'node:stream';
import { invalidObjectRequest } from './errors';
import { type FilesystemLayout, renameCreatingParents } from './filesystem-layout';

/**
 * Streams a body into a temp file chunk by chunk (memory: one chunk), flushes it to disk, then
 * moves it to a fresh blob id. Nothing refers to the blob yet: publishing is the pointer's rename.
 */
export async function writeBlob(
  layout: FilesystemLayout,
  body: Readable | Buffer,
  expectedSize?: number,
): Promise<{ blob: string; size: number; etag: string }> {
  const blob = randomBytes(16).toString('hex');
  const tmp = layout.tmpPath();
  const handle = await fs.open(tmp, 'wx');
  const md5 = createHash('md5');
  let size = 0;
  try {
    for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += bytes.length;
      // Refuse as soon as the body overflows its announced size, not after storing all of it.
      if (expectedSize !== undefined && size > expectedSize) throw sizeMismatch();
      md5.update(bytes);
      await handle.write(bytes);
    }
    if (expectedSize !== undefined && size !== expectedSize) throw sizeMismatch();
    await handle.sync();
    await handle.close();
    await renameCreatingParents(tmp, layout.blobPath(blob));
    return { blob, size, etag: md5.digest('hex') };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

function sizeMismatch(): Error {
  return invalidObjectRequest('size', 'the body does not have the announced size');
}
