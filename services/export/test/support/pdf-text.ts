import fs from 'node:fs/promises';
import type * as Pdfium from '@hyzyla/pdfium' with { 'resolution-mode': 'import' };
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

// The package's typings are ESM-only; its CommonJS build is what runs under jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDFiumLibrary } = require('@hyzyla/pdfium') as typeof Pdfium;

/** The text of every page as PDFium extracts it (what a reader copying from the PDF gets). */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const wasm = await fs.readFile(require.resolve('@hyzyla/pdfium/pdfium.wasm'));
  const library = await PDFiumLibrary.init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
  try {
    const doc = await library.loadDocument(bytes);
    const pages = [...doc.pages()].map((page) => page.getText());
    doc.destroy();
    return pages;
  } finally {
    library.destroy();
  }
}

/** The raw bytes of every JPEG (DCTDecode) image stream in the PDF. */
export async function embeddedJpegs(bytes: Uint8Array): Promise<Buffer[]> {
  const doc = await PDFDocument.load(bytes);
  const jpegs: Buffer[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode')) {
      jpegs.push(Buffer.from(object.contents));
    }
  }
  return jpegs;
}
