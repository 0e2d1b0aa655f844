import fs from 'node:fs/promises';
import type * as Pdfium from '@hyzyla/pdfium' with { 'resolution-mode': 'import' };
import sharp from 'sharp';
import { type PdfDocument } from '../document/pdf-document';
import { CorruptPdfError } from '../errors';
import { extractSinglePage } from './single-page';

export interface RasteriseOptions {
  /** Resolution of the rendered page (default 200, what the OCR and the correctors' view need). */
  dpi?: number;
  /** JPEG quality 1..100 (default 85). */
  quality?: number;
}

export interface RasterPage {
  /** A greyscale JPEG of the page as displayed (its /Rotate applied). */
  jpeg: Buffer;
  widthPx: number;
  heightPx: number;
  dpi: number;
}

export interface Rasteriser {
  /**
   * Renders page `index` of a lazily opened document. Only that page's objects are copied out for
   * PDFium, so memory follows the page's size, not the file's.
   */
  render(doc: PdfDocument, index: number, options?: RasteriseOptions): Promise<RasterPage>;
  /** Renders page `index` of a whole PDF held in memory: PDFium's memory then grows with the file. */
  renderBytes(pdf: Uint8Array, index: number, options?: RasteriseOptions): Promise<RasterPage>;
  /** Frees the PDFium instance. */
  close(): void;
}

// The package's typings are ESM-only; its CommonJS build (which reads the wasm from disk) is what runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDFiumLibrary } = require('@hyzyla/pdfium') as typeof Pdfium;
type Library = Awaited<ReturnType<typeof PDFiumLibrary.init>>;

/**
 * A rasteriser on PDFium (compiled to WebAssembly, shipped inside @hyzyla/pdfium: nothing is
 * downloaded). PDFium runs synchronously on the calling thread, one page at a time per instance;
 * run one rasteriser per worker thread to use more cores.
 */
export async function createRasteriser(defaults: RasteriseOptions = {}): Promise<Rasteriser> {
  const wasm = await fs.readFile(require.resolve('@hyzyla/pdfium/pdfium.wasm'));
  const library = await PDFiumLibrary.init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
  let queue: Promise<unknown> = Promise.resolve();
  // One render at a time: the WebAssembly heap is shared by every document of the instance.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    render: async (doc, index, options) => {
      const single = await extractSinglePage(doc, index);
      return serial(() => renderPage(library, single, 0, { ...defaults, ...options }));
    },
    renderBytes: (pdf, index, options) => serial(() => renderPage(library, pdf, index, { ...defaults, ...options })),
    close: () => library.destroy(),
  };
}

async function renderPage(library: Library, pdf: Uint8Array, index: number, options: RasteriseOptions): Promise<RasterPage> {
  const dpi = options.dpi ?? 200;
  let document: Awaited<ReturnType<Library['loadDocument']>>;
  try {
    document = await library.loadDocument(pdf);
  } catch (error) {
    throw new CorruptPdfError(`PDFium cannot open the page: ${(error as Error).message}`);
  }
  try {
    const page = document.getPage(index);
    const { originalWidth, originalHeight } = page.getOriginalSize();
    const width = Math.max(1, Math.round((originalWidth * dpi) / 72));
    const height = Math.max(1, Math.round((originalHeight * dpi) / 72));
    const bitmap = await page.render({ colorSpace: 'Gray', scale: 1, width, height, render: 'bitmap' });
    const jpeg = await sharp(Buffer.from(bitmap.data.buffer, bitmap.data.byteOffset, bitmap.data.byteLength), {
      raw: { width: bitmap.width, height: bitmap.height, channels: 1 },
    })
      .toColourspace('b-w')
      .jpeg({ quality: options.quality ?? 85 })
      .toBuffer();
    return { jpeg, widthPx: bitmap.width, heightPx: bitmap.height, dpi };
  } finally {
    document.destroy();
  }
}
