import { isAppError } from '@gradeline/kit/errors';
import { CorruptPdfError, EmptyPdfError, EncryptedPdfError, NotPdfError } from '../errors';
import { ObjectStore } from '../parser/object-store';
import { dictOf, isName, type PdfDict } from '../parser/objects';
import { readXref } from '../parser/xref';
import { type RandomAccessSource } from '../source/random-access-source';
import { describePage, type PdfPage, type Rotation } from './page-info';
import { countPages, findPage, pageTreeRoot, type PageNode } from './page-tree';
import { scannedJpegOf, type ScannedJpeg } from './scanned-jpeg';

export interface PdfInfo {
  pageCount: number;
  /** The PDF version the file declares (header, or the catalog's /Version when newer). */
  version: string;
  encrypted: false;
}

const HEADER_WINDOW = 1024;

async function readVersion(src: RandomAccessSource): Promise<string> {
  if (src.size === 0) throw new NotPdfError('the file is empty');
  const head = (await src.read(0, Math.min(HEADER_WINDOW, src.size))).toString('latin1');
  const m = /%PDF-(\d\.\d)/.exec(head);
  if (!m) throw new NotPdfError();
  return m[1]!;
}

/**
 * A PDF opened lazily over a RandomAccessSource: opening reads the header, the tail and the
 * cross-reference sections; each page reads only its own objects. Memory does not grow with the
 * number of pages read (bounded caches), so a 2,500-page batch costs what a 100-page one does.
 */
export class PdfDocument {
  private constructor(
    readonly source: RandomAccessSource,
    private readonly store: ObjectStore,
    private readonly root: PdfDict,
    readonly pageCount: number,
    readonly version: string,
  ) {}

  /** Validates and opens; throws NotPdfError, TruncatedPdfError, CorruptPdfError, EncryptedPdfError or EmptyPdfError. */
  static async open(source: RandomAccessSource): Promise<PdfDocument> {
    const headerVersion = await readVersion(source);
    const xref = await readXref(source);
    if (xref.trailer.has('Encrypt')) throw new EncryptedPdfError();
    const store = new ObjectStore(source, xref);
    const root = await pageTreeRoot(store);
    const pageCount = await countPages(store, root);
    if (pageCount === 0) throw new EmptyPdfError();
    const catalog = dictOf(await store.resolve(xref.trailer.get('Root')));
    const catalogVersion = catalog?.get('Version');
    const version = isName(catalogVersion) && catalogVersion.name > headerVersion ? catalogVersion.name : headerVersion;
    return new PdfDocument(source, store, root, pageCount, version);
  }

  /** Size, rotation and drawn images of page `index` (0-based). */
  async page(index: number): Promise<PdfPage> {
    const node = await this.pageNode(index);
    return (await describePage(this.store, node.dict, index)).page;
  }

  /**
   * The embedded JPEG of a scanned page, byte for byte as stored (read by range, never re-encoded),
   * or null when the page is not one plain JPEG covering the page (rasterise it instead).
   */
  async extractScannedJpeg(index: number): Promise<ScannedJpeg | null> {
    const node = await this.pageNode(index);
    const { page, details } = await describePage(this.store, node.dict, index);
    if (!page.scanned) return null;
    return scannedJpegOf(this.store, page, details[0]!);
  }

  /** The page dictionary with inherited attributes, and the object store (for the rasteriser). */
  async pageNode(index: number): Promise<PageNode & { store: ObjectStore }> {
    if (!Number.isInteger(index) || index < 0 || index >= this.pageCount) {
      throw new RangeError(`page index ${index} outside 0..${this.pageCount - 1}`);
    }
    return { ...(await findPage(this.store, this.root, index)), store: this.store };
  }
}

/** Opens a PDF lazily; see PdfDocument.open. */
export function openPdf(source: RandomAccessSource): Promise<PdfDocument> {
  return PdfDocument.open(source);
}

/** Validates an upload: page count and version, or one of the typed PDF errors. */
export async function inspectPdf(source: RandomAccessSource): Promise<PdfInfo> {
  const doc = await openPdf(source);
  // The first page proves the tree leads to real pages, not just a /Count.
  await doc.pageNode(0).catch((error: unknown) => {
    throw isAppError(error) ? error : new CorruptPdfError(`page 1 is unreadable: ${(error as Error).message}`);
  });
  return { pageCount: doc.pageCount, version: doc.version, encrypted: false };
}

export type { PdfPage, Rotation, ScannedJpeg };
