import zlib from 'node:zlib';
import { PDFRawStream, type PDFDocument, type PDFDict } from 'pdf-lib';

// pdf-lib is pure JavaScript. Two of its hot spots cost more than drawing a whole copy, so this
// service swaps them for native equivalents with the same output:
// 1. it compresses embedded fonts and their Unicode maps with pako (JS deflate): node's zlib is ~5x faster;
// 2. it writes stream bodies byte by byte: a scan's JPEG (hundreds of KiB) is copied in one `set`.

/** Deflates this document's font programs and CMaps with node's zlib (same FlateDecode streams). */
export function useNativeDeflate(doc: PDFDocument): void {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(zlib.deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}

interface RawStreamInternals {
  dict: PDFDict;
  contents: Uint8Array;
  updateDict(): void;
}

const HEAD = Buffer.from('\nstream\n', 'latin1');
const TAIL = Buffer.from('\nendstream', 'latin1');
let patched = false;

/** Raw streams (images, fonts) copy their body with one `Uint8Array.set` when the PDF is written. */
export function useBulkStreamCopy(): void {
  if (patched) return;
  patched = true;
  (PDFRawStream.prototype as unknown as { copyBytesInto(buffer: Uint8Array, offset: number): number }).copyBytesInto = function copyBytesInto(
    this: RawStreamInternals,
    buffer: Uint8Array,
    offset: number,
  ): number {
    this.updateDict();
    const start = offset;
    offset += this.dict.copyBytesInto(buffer, offset);
    buffer.set(HEAD, offset);
    offset += HEAD.length;
    buffer.set(this.contents, offset);
    offset += this.contents.length;
    buffer.set(TAIL, offset);
    return offset + TAIL.length - start;
  };
}
