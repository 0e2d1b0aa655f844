import { once } from 'node:events';
import { type Readable } from 'node:stream';
import archiver from 'archiver';

export interface ZipSource {
  name: string;
  /** Opened only when the archive is ready for it, so one source is read at a time. */
  open(): Promise<Readable>;
}

/**
 * Streams a ZIP of the sources into `sink` (an object-store upload): entries are appended one at a
 * time, each opened when the previous one is written, so memory holds a few chunks, never the
 * archive or a whole list of open files. Entries are stored, not deflated: PDFs of JPEG scans do
 * not shrink, and deflating them would only cost CPU.
 */
export async function writeZip(
  sources: Iterable<ZipSource>,
  sink: (archive: Readable) => Promise<unknown>,
  onEntry: (written: number) => Promise<void> | void = () => undefined,
): Promise<number> {
  const archive = archiver('zip', { store: true });
  let rejectFailure!: (error: Error) => void;
  const failure = new Promise<never>((_, reject) => (rejectFailure = reject));
  failure.catch(() => undefined);
  archive.on('error', (error) => rejectFailure(error));
  archive.on('warning', (error) => rejectFailure(error));
  const uploaded = sink(archive).catch((error: unknown) => {
    archive.abort();
    rejectFailure(error instanceof Error ? error : new Error(String(error)));
  });
  let written = 0;
  for (const source of sources) {
    const stream = await Promise.race([source.open(), failure]);
    const entry = once(archive, 'entry');
    archive.append(stream, { name: source.name, date: new Date(0) });
    await Promise.race([entry, failure]);
    await onEntry(++written);
  }
  await Promise.race([archive.finalize(), failure]);
  await Promise.race([uploaded, failure]);
  return written;
}
