import { type EntityManager } from '@gradeline/db';
import { type Page } from './page.entity';

const COLUMNS = [
  'id', 'tenant_id', 'batch_id', 'scan_index', 'side', 'object_key', 'content_type', 'size', 'width', 'height',
  'extraction', 'turned', 'code_status', 'code_slot', 'code_page', 'code_student_id', 'error_code',
] as const;

function values(p: Page): unknown[] {
  return [
    p.id, p.tenantId, p.batchId, p.scanIndex, p.side, p.objectKey, p.contentType, p.size, p.width, p.height,
    p.extraction, p.turned, p.codeStatus, p.codeSlot, p.codePage, p.codeStudentId, p.errorCode,
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
