import { type MikroORM } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { type ObjectStore } from '@gradeline/storage';
import { type TaskHandler } from '../tasks/task.worker';
import { CODE_SAMPLE_PAGES, type CodeMode } from '../batches/batch.entity';
import { copyIdOf, copyKeyOpenedBy } from '../copies/assembly-plan';
import { cutHeader } from '../copies/header-crop';
import { type ClaimedBatch, type ClaimedTask } from '../tasks/task.repository';
import { pageKey } from '../../shared/object-keys';
import { stableId } from '../../shared/stable-id';
import { type CodeSearch, Page } from './page.entity';
import { type PageImage } from './page-extraction';
import { type PageProcessor } from './page-processor';
import { PageRecorder } from './page-recorder';
import { classifyCode } from './sheet-code';

export interface PageTaskDeps {
  orm: MikroORM;
  store: ObjectStore;
  outbox: Outbox;
  /** Where the image work runs (a thread pool in a worker replica). */
  processor: PageProcessor;
}

/** The id of the image of PDF page `scanIndex` (0-based) on `side`: the same for every attempt. */
export function pageId(batchId: string, scanIndex: number, side: string): string {
  return stableId('page', batchId, scanIndex, side);
}

/**
 * How hard a page is searched for a sheet code. While the batch's first pages are still telling
 * whether its sheets carry codes, the others do not wait: they look only where an upright coded
 * sheet has its code (cheap either way), and are searched again in full if the batch turns out to
 * carry codes and they showed none (PageRecorder).
 */
export function codeSearchFor(mode: CodeMode, scanIndex: number): CodeSearch {
  if (mode === 'absent') return 'none';
  return mode === 'present' || scanIndex < CODE_SAMPLE_PAGES ? 'full' : 'quick';
}

/**
 * One PDF page: its image(s) extracted, turned upright, cut if A3, read for a sheet code and stored
 * under deterministic keys; then the page rows and the batch's progress in one transaction, shared
 * with the pages finished meanwhile (PageRecorder). A retry after a crash overwrites the same
 * objects and rows.
 */
export class PageTaskService implements TaskHandler {
  private readonly recorder: PageRecorder;

  constructor(private readonly deps: PageTaskDeps) {
    this.recorder = new PageRecorder(deps);
  }

  async run(task: ClaimedTask): Promise<void> {
    if (!task.batch) return this.record(task, []);
    const search = codeSearchFor(task.batch.codeMode, task.scanIndex!);
    const images = await this.deps.processor.process({
      batchId: task.batchId,
      sourceKey: task.batch.sourceKey,
      size: task.batch.size,
      scanIndex: task.scanIndex!,
      codeSearch: search,
    });
    const batch = task.batch;
    const pages = await Promise.all(images.map((image) => this.storeImage(task, batch, image, search)));
    await this.record(task, pages);
  }

  /** A page that failed every attempt is kept as an unreadable page, for review. */
  async giveUp(task: ClaimedTask, error: unknown): Promise<void> {
    const page = Object.assign(new Page(), {
      id: pageId(task.batchId, task.scanIndex!, 'full'),
      tenantId: task.tenantId,
      batchId: task.batchId,
      scanIndex: task.scanIndex!,
      side: 'full',
      extraction: 'failed',
      codeSearch: 'none',
      errorCode: String((error as { code?: string }).code ?? 'page_unreadable').slice(0, 100),
    });
    await this.record(task, [page]);
  }

  private async storeImage(task: ClaimedTask, batch: ClaimedBatch, image: PageImage, codeSearch: CodeSearch): Promise<Page> {
    const scanIndex = task.scanIndex!;
    const key = pageKey(task.tenantId, task.batchId, scanIndex, image.side);
    const page = Object.assign(new Page(), {
      id: pageId(task.batchId, scanIndex, image.side),
      tenantId: task.tenantId,
      batchId: task.batchId,
      scanIndex,
      side: image.side,
      objectKey: key,
      width: image.width,
      height: image.height,
      extraction: image.extraction,
      turned: image.turned,
      codeSearch,
      ...classifyCode(image.qrText, task.tenantId, batch.examId),
    });
    const [put] = await Promise.all([
      this.deps.store.put(key, image.jpeg, { contentType: 'image/jpeg' }),
      this.cutHeaderIfOpening(task, batch, page, image.jpeg),
    ]);
    page.size = put.size;
    return page;
  }

  /**
   * A page likely to open a copy has the copy's header cut now, from the image in hand, instead of
   * at assembly, where the batch's last step would read and cut them all one after the other.
   */
  private async cutHeaderIfOpening(task: ClaimedTask, batch: ClaimedBatch, page: Page, jpeg: Buffer): Promise<void> {
    const copyKey = copyKeyOpenedBy(page, batch);
    if (!copyKey) return;
    const copy = { id: copyIdOf(task.batchId, copyKey), tenantId: task.tenantId, batchId: task.batchId };
    await cutHeader(this.deps.store, copy, page.id, jpeg, batch.headerRegion);
  }

  private record(task: ClaimedTask, pages: Page[]): Promise<void> {
    return this.recorder.record({ taskId: task.id, batchId: task.batchId, scanIndex: task.scanIndex!, pages });
  }
}
