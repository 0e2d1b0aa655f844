import { type HeaderFields } from '@gradeline/contracts';
import { type Logger } from '@gradeline/kit';
import { ObjectNotFoundError, type ObjectStore } from '@gradeline/storage';
import { extractHeaderFields } from './header-fields';
import { prepareHeader } from './header-image';
import { type HeaderOcr, recogniseHeader } from './header-ocr';

export interface HeaderText {
  text: string;
  confidence: number;
  fields: HeaderFields;
}

/** Reads a header crop from the object store: preprocessing, OCR, field extraction. */
export class HeaderReader {
  constructor(private readonly deps: { store: ObjectStore; ocr: HeaderOcr; logger: Logger; clock: { now(): Date } }) {}

  /** What the crop says; null when the crop is gone from the store (nothing to read). */
  async read(key: string): Promise<HeaderText | null> {
    let image: Buffer;
    try {
      image = await readAll(await this.deps.store.get(key));
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
      this.deps.logger.warn({ code: 'header_crop_missing' }, 'header crop not found; nothing to read');
      return null;
    }
    const { text, confidence } = await recogniseHeader(this.deps.ocr, await prepareHeader(image));
    return { text, confidence, fields: extractHeaderFields(text, this.deps.clock.now()) };
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
