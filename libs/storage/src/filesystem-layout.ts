import { randomBytes } from 'node:crypto';
import { type Dirent, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * On-disk layout of the filesystem store, under `root`:
 *   objects/<encoded key segments>~.json   a small JSON pointer per object (size, type, metadata, blob)
 *   blobs/<ab>/<id>                        the bytes, under a random id, written once and never changed
 *   tmp/                                   files being written; nothing here is visible as an object
 * Publishing an object is ONE rename of its pointer, so a reader sees the old object or the new one,
 * never half of one, and bytes and metadata always change together. A crash can at worst leave an
 * unreferenced blob or temp file behind (garbage, never visible).
 */
export const Pointer = z.object({
  blob: z.string().regex(/^[0-9a-f]{32}$/),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
  etag: z.string(),
  lastModified: z.iso.datetime(),
  metadata: z.record(z.string(), z.string()),
});
export type Pointer = z.infer<typeof Pointer>;

const POINTER_SUFFIX = '~.json';
const SAFE_BYTE = /[A-Za-z0-9._-]/;

// Segments are percent-encoded ('~' included), so a directory name can never end like a pointer
// file: keys `a` and `a~.json/b` cannot collide, and odd characters never reach the filesystem.
function encodeSegment(segment: string): string {
  let out = '';
  for (const byte of Buffer.from(segment)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && SAFE_BYTE.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export class FilesystemLayout {
  readonly objects: string;
  readonly blobs: string;
  readonly tmp: string;

  constructor(root: string) {
    this.objects = path.join(root, 'objects');
    this.blobs = path.join(root, 'blobs');
    this.tmp = path.join(root, 'tmp');
  }

  async ensure(): Promise<void> {
    for (const dir of [this.objects, this.blobs, this.tmp]) await fs.mkdir(dir, { recursive: true });
  }

  pointerPath(key: string): string {
    return path.join(this.objects, ...key.split('/').map(encodeSegment)) + POINTER_SUFFIX;
  }

  blobPath(blob: string): string {
    return path.join(this.blobs, blob.slice(0, 2), blob.slice(2));
  }

  tmpPath(): string {
    return path.join(this.tmp, `${randomBytes(12).toString('hex')}.part`);
  }

  async readPointer(key: string): Promise<Pointer | null> {
    let text: string;
    try {
      text = await fs.readFile(this.pointerPath(key), 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return Pointer.parse(JSON.parse(text));
  }

  /** Writes the pointer beside, flushes it, and renames it over the old one: the publishing step. */
  async publishPointer(key: string, pointer: Pointer): Promise<void> {
    const tmp = this.tmpPath();
    await writeDurably(tmp, JSON.stringify(pointer));
    const target = this.pointerPath(key);
    await renameCreatingParents(tmp, target);
  }

  /** Removes now-empty directories from `file`'s parent up to the objects root; best effort. */
  async pruneEmptyParents(file: string): Promise<void> {
    for (let dir = path.dirname(file); dir.startsWith(this.objects + path.sep); dir = path.dirname(dir)) {
      try {
        await fs.rmdir(dir);
      } catch {
        return; // not empty, or already gone: either way nothing more to prune
      }
    }
  }

  /** Keys under `prefix` in byte order of the key, walking one directory at a time. */
  async *keys(prefix: string): AsyncGenerator<string> {
    const cut = prefix.lastIndexOf('/') + 1;
    const dirKey = prefix.slice(0, cut);
    const dir = path.join(this.objects, ...dirKey.split('/').filter(Boolean).map(encodeSegment));
    yield* this.walk(dir, dirKey, prefix.slice(cut));
  }

  private async *walk(dir: string, keyPrefix: string, filter: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    const named = entries
      .map((entry) => ({ entry, name: entryKeyName(entry) }))
      .filter((e): e is { entry: Dirent; name: string } => e.name !== null && e.name.startsWith(filter))
      .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    for (const { entry, name } of named) {
      if (entry.isDirectory()) yield* this.walk(path.join(dir, entry.name), keyPrefix + name, '');
      else yield keyPrefix + name;
    }
  }
}

// A directory stands for `<segment>/`, so sorting names sorts keys: `a` < `a-b` < `a/…` as in S3.
function entryKeyName(entry: Dirent): string | null {
  if (entry.isDirectory()) return `${decodeURIComponent(entry.name)}/`;
  if (entry.isFile() && entry.name.endsWith(POINTER_SUFFIX)) {
    return decodeURIComponent(entry.name.slice(0, -POINTER_SUFFIX.length));
  }
  return null;
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// A concurrent delete may prune the parent directory between mkdir and rename: try again once.
export async function renameCreatingParents(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    await fs.mkdir(path.dirname(to), { recursive: true });
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      if (!isMissing(error) || attempt >= 2) throw error;
    }
  }
}
