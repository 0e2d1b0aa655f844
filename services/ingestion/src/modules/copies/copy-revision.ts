import { type AssembledCopyView } from '@gradeline/contracts';
import { type EntityManager } from '@gradeline/db';
import { pageRef } from '../pages/page-links';
import { Page } from '../pages/page.entity';
import { taskQueue } from '../tasks/task.repository';
import { missingPages } from './assembly-plan';
import { type Copy } from './copy.entity';

/**
 * A person changed the copy: a new revision to publish (with a fresh header crop when page 1
 * changed) and a new version for the next edit. The copy task is re-armed; it publishes whatever
 * the copy holds when it runs, so quick successive edits still end on the latest state.
 */
export async function reviseCopy(em: EntityManager, copy: Copy, pagesPerCopy: number): Promise<void> {
  await em.flush();
  const pages = await em.find(Page, { copyId: copy.id });
  copy.missingPages = missingPages(pages.map((p) => p.pageNumber!), pagesPerCopy);
  copy.revision += 1;
  copy.version += 1;
  await taskQueue.enqueue(em, [
    { key: `copy:${copy.id}`, kind: 'copy', tenantId: copy.tenantId, batchId: copy.batchId, subjectId: copy.id, priority: 0 },
  ]);
}

export function copyView(copy: Copy, pages: Page[]): AssembledCopyView {
  return {
    id: copy.id,
    examId: copy.examId,
    batchId: copy.batchId,
    ordinal: copy.ordinal,
    assembly: copy.assembly,
    status: copy.status,
    revision: copy.revision,
    version: copy.version,
    pages: pages
      .filter((p) => p.copyId === copy.id)
      .sort((a, b) => a.pageNumber! - b.pageNumber!)
      .map((p) => ({ ...pageRef(p), number: p.pageNumber! })),
    missingPages: copy.missingPages,
    sheetStudentId: copy.sheetStudentId,
  };
}
