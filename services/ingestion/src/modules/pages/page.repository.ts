import { type EntityManager } from '@gradeline/db';
import { type Page } from './page.entity';

const COLUMNS = [
  'id', 'tenant_id', 'batch_id', 'scan_index', 'side', 'object_key', 'content_type', 'size', 'width', 'height',
  'extraction', 'turned', 'code_search', 'code_status', 'code_slot', 'code_page', 'code_student_id', 'error_code',
] as const;

function values(p: Page): unknown[] {
  return [
    p.id, p.tenantId, p.batchId, p.scanIndex, p.side, p.objectKey, p.contentType, p.size, p.width, p.height,
    p.extraction, p.turned, p.codeSearch, p.codeStatus, p.codeSlot, p.codePage, p.codeStudentId, p.errorCode,
  ];
}

/**
 * Writes the images of one PDF page. A retried page (after a crash) has the same ids, so it
 * replaces what an earlier attempt wrote; its place in a copy is assembly's and is never touched.
 */
export async function savePageImages(em: EntityManager, pages: Page[]): Promise<void> {
  if (pages.length === 0) return;
  const row = `(${COLUMNS.map(() => '?').join(', ')})`;
  const updates = COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ');
  await em.execute(
    `insert into page (${COLUMNS.join(', ')}) values ${pages.map(() => row).join(', ')} on conflict (id) do update set ${updates}`,
    pages.flatMap(values),
  );
}

/**
 * Deletes the images of the batch's pages that were searched only quickly for a sheet code and
 * carried none (page by page: both halves of an A3 side go), to be processed again in full now
 * that the batch is known to carry codes. Returns their PDF pages and how many images went.
 */
export async function takeBackBlindPages(
  em: EntityManager,
  batch: { tenantId: string; id: string },
): Promise<{ scanIndexes: number[]; images: number }> {
  const rows = await em.execute<Array<{ scan_index: number; extraction: string }>>(
    `delete from page where tenant_id = ? and batch_id = ? and scan_index in (
       select scan_index from page where tenant_id = ? and batch_id = ? and code_search = 'quick' and code_status = 'none')
     returning scan_index, extraction`,
    [batch.tenantId, batch.id, batch.tenantId, batch.id],
  );
  return {
    scanIndexes: [...new Set(rows.map((r) => r.scan_index))],
    images: rows.filter((r) => r.extraction !== 'failed').length,
  };
}
