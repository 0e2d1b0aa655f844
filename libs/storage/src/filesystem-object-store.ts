import { constants as fsConstants, promises as fs } from 'node:fs';
import { type Readable } from 'node:stream';
import { AppError } from '@gradeline/kit/errors';
import { ObjectNotFoundError, invalidObjectRequest } from './errors';
import { writeBlob } from './filesystem-blob';
import { FilesystemLayout, type Pointer, isMissing } from './filesystem-layout';
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
import { signObjectToken } from './signed-token';

export interface FilesystemObjectStoreOptions {
  root: string;
  /** Signed URLs are `<baseUrl>/<token>`, served by `signedObjectRoutes` with the same secret. */
  signing: { secret: string; baseUrl: string };
  clock?: () => Date;
}

/** The ObjectStore on a local directory: for development, tests and single-node installs. */
export class FilesystemObjectStore implements ObjectStore {
  private readonly layout: FilesystemLayout;
  private readonly clock: () => Date;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: FilesystemObjectStoreOptions) {
    if (options.signing.secret.length < 32) throw new Error('the storage signing secret must be at least 32 characters');
    this.layout = new FilesystemLayout(options.root);
    this.clock = options.clock ?? (() => new Date());
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions = {}): Promise<PutResult> {
    assertValidKey(key);
    assertValidPutOptions(options);
    await this.ensureLayout();
    const { blob, size, etag } = await writeBlob(this.layout, body, options.size);
    const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
    const pointer: Pointer = {
      blob,
      size,
      etag,
      contentType,
      lastModified: this.clock().toISOString(),
      metadata: { ...options.metadata },
    };
    const previous = await this.layout.readPointer(key).catch(() => null);
    await this.layout.publishPointer(key, pointer);
    if (previous && previous.blob !== blob) await removeQuietly(this.layout.blobPath(previous.blob));
    return { key, size, etag, contentType };
  }

  async get(key: string): Promise<Readable> {
    assertValidKey(key);
    const { handle } = await this.open(key);
    return handle.createReadStream();
  }

  async getRange(key: string, start: number, endInclusive: number): Promise<Readable> {
    assertValidKey(key);
    assertValidRange(start, endInclusive);
    const { handle, pointer } = await this.open(key);
    if (start >= pointer.size) {
      await handle.close();
      throw invalidObjectRequest('start', 'is past the end of the object');
    }
    return handle.createReadStream({ start, end: endInclusive });
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    const pointer = await this.layout.readPointer(key);
    return pointer && toInfo(key, pointer);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const pointer = await this.layout.readPointer(key);
    if (!pointer) return;
    const file = this.layout.pointerPath(key);
    await removeQuietly(file);
    await removeQuietly(this.layout.blobPath(pointer.blob));
    await this.layout.pruneEmptyParents(file);
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { allowEmpty: false });
    let count = 0;
    for await (const key of this.layout.keys(prefix)) {
      await this.delete(key);
      count += 1;
    }
    return count;
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertValidPrefix(prefix, { allowEmpty: true });
    for await (const key of this.layout.keys(prefix)) {
      const pointer = await this.layout.readPointer(key);
      if (!pointer) continue; // deleted while we walked
      const { size, etag, lastModified } = toInfo(key, pointer);
      yield { key, size, etag, lastModified };
    }
  }

  async signedReadUrl(key: string, options: SignedReadUrlOptions): Promise<string> {
    assertValidKey(key);
    assertValidSignedUrlOptions(options);
    const expiresAt = Math.floor(this.clock().getTime() / 1000) + options.expiresInSeconds;
    const { downloadName, contentType } = options;
    const token = signObjectToken({ key, expiresAt, downloadName, contentType }, this.options.signing.secret);
    return `${this.options.signing.baseUrl.replace(/\/+$/, '')}/${token}`;
  }

  async check(): Promise<void> {
    try {
      await this.ensureLayout();
      await fs.access(this.layout.tmp, fsConstants.R_OK | fsConstants.W_OK);
      await fs.access(this.layout.objects, fsConstants.R_OK | fsConstants.W_OK);
    } catch {
      this.ready = undefined;
      throw new AppError('service_unavailable', 'object store directory is not writable');
    }
  }

  private ensureLayout(): Promise<void> {
    this.ready ??= this.layout.ensure().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  // An overwrite may delete the old blob between reading the pointer and opening it: read again.
  private async open(key: string): Promise<{ handle: fs.FileHandle; pointer: Pointer }> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const pointer = await this.layout.readPointer(key);
      if (!pointer) break;
      try {
        return { handle: await fs.open(this.layout.blobPath(pointer.blob), 'r'), pointer };
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    throw new ObjectNotFoundError(key);
  }
}

function toInfo(key: string, pointer: Pointer): ObjectInfo {
  const { size, contentType, etag, metadata } = pointer;
  return { key, size, contentType, etag, metadata, lastModified: new Date(pointer.lastModified) };
}

async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
