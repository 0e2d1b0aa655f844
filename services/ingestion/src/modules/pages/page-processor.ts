import { createRasteriser, type Rasteriser } from '@gradeline/pdf';
import { type ObjectStore } from '@gradeline/storage';
import { extractPage, pageImages, type PageImage } from './page-extraction';
import { type CodeSearch } from './page.entity';
import { SourceCache } from './source-cache';

/** One PDF page to turn into upright page images. */
export interface PageRequest {
  batchId: string;
  sourceKey: string;
  size: number;
  /** 0-based page of the PDF. */
  scanIndex: number;
  codeSearch: CodeSearch;
}

/** Where the CPU work of a page task runs: here, or on a pool of threads. */
export interface PageProcessor {
  process(request: PageRequest): Promise<PageImage[]>;
  close(): Promise<void>;
}

/**
 * Does the work on the calling thread: opens the batch's PDF lazily (kept for the next pages),
 * takes the page's JPEG or renders it with PDFium, and cuts, reads and turns it.
 */
export class InlinePageProcessor implements PageProcessor {
  private readonly sources: SourceCache;
  private engine: Promise<Rasteriser> | undefined;

  constructor(store: ObjectStore) {
    this.sources = new SourceCache(store);
  }

  async process(request: PageRequest): Promise<PageImage[]> {
    const doc = await this.sources.open(request.batchId, request.sourceKey, request.size);
    // PDFium starts on the first page that needs it; most batches are plain scans and never do.
    const extracted = await extractPage(doc, request.scanIndex, () => (this.engine ??= createRasteriser({ dpi: 200 })));
    return pageImages(extracted, request.codeSearch);
  }

  async close(): Promise<void> {
    await this.sources.close();
    if (this.engine) (await this.engine).close();
  }
}
