import { openPdf, rangeSource, type PdfDocument } from '@gradeline/pdf';
import { type ObjectStore } from '@gradeline/storage';

interface Entry {
  doc: Promise<PdfDocument>;
  close: () => Promise<void>;
}

/**
 * Open PDFs of the batches a worker is on, read lazily by range from object storage: each page task
 * reads only its page's bytes (plus the cross-reference once per batch), never the whole file.
 * A few batches are kept; the least recently used is closed.
 */
export class SourceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: ObjectStore,
    private readonly capacity = 4,
  ) {}

  open(batchId: string, key: string, size: number): Promise<PdfDocument> {
    const hit = this.entries.get(batchId);
    if (hit) {
      this.entries.delete(batchId);
      this.entries.set(batchId, hit);
      return hit.doc;
    }
    const source = rangeSource(size, (start, end) => this.store.getRange(key, start, end));
    const entry: Entry = { doc: openPdf(source), close: () => source.close() };
    // A failed open is not kept: the retry opens afresh.
    void entry.doc.catch(() => {
      if (this.entries.get(batchId) === entry) this.entries.delete(batchId);
    });
    this.entries.set(batchId, entry);
    for (const [id, old] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(id);
      void old.close();
    }
    return entry.doc;
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.close()));
  }
}
