import { type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { countPage, pagesCounted, uncountPages } from '../batches/batch-progress';
import { lockProgress, saveProgress } from '../batches/batch.repository';
import { taskQueue } from '../tasks/task.repository';
import { type Page } from './page.entity';
import { savePageImages, takeBackBlindPages } from './page.repository';

/** The outcome of one page task, to be written. */
export interface PageRecord {
  taskId: string;
  batchId: string;
  scanIndex: number;
  pages: Page[];
}

interface Pending extends PageRecord {
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * Writes the results of page tasks, several at once: while one transaction commits, the pages
 * finished meanwhile wait and go together in the next (one per batch), so the batch row is locked
 * and updated once for all of them. An idle recorder writes a page alone, at once: no timer, no
 * added delay. Each `record` resolves when its page is committed, or rejects with the transaction.
 */
export class PageRecorder {
  private queue: Pending[] = [];
  private writing = false;

  constructor(private readonly deps: { orm: MikroORM; outbox: Outbox }) {}

  record(record: PageRecord): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ ...record, done, failed });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const taken = this.queue.splice(0);
      const byBatch = new Map<string, Pending[]>();
      for (const p of taken) byBatch.set(p.batchId, [...(byBatch.get(p.batchId) ?? []), p]);
      for (const group of byBatch.values()) {
        try {
          await this.write(group);
          group.forEach((p) => p.done());
        } catch (error) {
          group.forEach((p) => p.failed(error));
        }
      }
    }
    this.writing = false;
  }

  /**
   * One transaction for pages of one batch: a task another worker already completed (this one's
   * lease ran out) writes nothing; the others' page rows go in one statement and count once each.
   * Once the batch is known to carry codes, pages that were searched only quickly and showed none
   * are taken back and queued again, to be searched in full (the assembly waits for them).
   */
  private async write(group: Pending[]): Promise<void> {
    await this.deps.orm.em.fork().transactional(async (em) => {
      const batch = await lockProgress(em, group[0]!.batchId);
      const completed = await taskQueue.completeMany(em, group.map((p) => p.taskId));
      if (!batch) return;
      const mine = group.filter((p) => completed.has(p.taskId)).sort((a, b) => a.scanIndex - b.scanIndex);
      if (mine.length === 0) return;
      const pages = mine.flatMap((p) => p.pages);
      await savePageImages(em, pages);
      const modeBefore = batch.codeMode;
      for (const p of mine) {
        countPage(batch, {
          scanIndex: p.scanIndex,
          images: p.pages.filter((page) => page.extraction !== 'failed').length,
          coded: p.pages.some((page) => page.codeStatus !== 'none'),
        });
      }
      const blind = pages.some((page) => page.codeSearch === 'quick' && page.codeStatus === 'none');
      if (batch.codeMode === 'present' && (modeBefore !== 'present' || blind)) {
        const taken = await takeBackBlindPages(em, batch);
        await taskQueue.redoPages(em, batch, taken.scanIndexes);
        uncountPages(batch, { pages: taken.scanIndexes.length, images: taken.images });
      }
      await pagesCounted(em, this.deps.outbox, batch);
      await saveProgress(em, batch);
    });
  }
}
