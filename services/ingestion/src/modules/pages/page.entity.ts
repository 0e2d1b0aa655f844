import { type ScanPageSide } from '@gradeline/contracts';
import { EntitySchema } from '@mikro-orm/core';

/** How the image was obtained: the embedded JPEG as is, the JPEG turned, or rendered by PDFium. */
export type Extraction = 'passthrough' | 'converted' | 'rasterised' | 'failed';
/**
 * How hard a page was searched for a sheet code. `full`: every place and method (the batch's
 * first pages, and every page of a batch known to carry codes); `quick`: the top-right corner
 * only (pages started before the batch's first pages told whether it carries codes: if it does,
 * such a page without a code is searched again in full); `none`: not searched (a batch known to
 * carry no codes, or a page that could not be read).
 */
export type CodeSearch = 'full' | 'quick' | 'none';
/** `valid`: a sheet code of this exam and school; `foreign`: of another exam or school. */
export type CodeStatus = 'none' | 'valid' | 'foreign';

/**
 * One page image of a batch: a whole PDF page, or one half of an A3 sheet. Its id is derived from
 * (batch, PDF page, side), so a retried task overwrites the same row and the same object.
 */
export class Page {
  id!: string;
  tenantId!: string;
  batchId!: string;
  /** 0-based page of the PDF. */
  scanIndex!: number;
  side!: ScanPageSide;
  objectKey: string | null = null;
  contentType = 'image/jpeg';
  size = 0;
  width = 0;
  height = 0;
  extraction!: Extraction;
  /** Clockwise degrees the image was turned to stand upright. */
  turned = 0;
  codeSearch: CodeSearch = 'full';
  codeStatus: CodeStatus = 'none';
  codeSlot: number | null = null;
  codePage: number | null = null;
  codeStudentId: string | null = null;
  errorCode: string | null = null;
  copyId: string | null = null;
  pageNumber: number | null = null;
}

export const pageEntity = new EntitySchema<Page>({
  class: Page,
  tableName: 'page',
  uniques: [{ properties: ['batchId', 'scanIndex', 'side'] }],
  indexes: [
    {
      name: 'page_copy_number_unique',
      expression:
        'create unique index "page_copy_number_unique" on "page" ("copy_id", "page_number") where "copy_id" is not null',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    batchId: { type: 'uuid' },
    scanIndex: { type: 'integer' },
    side: { type: 'text' },
    objectKey: { type: 'text', nullable: true },
    contentType: { type: 'text' },
    size: { type: 'integer' },
    width: { type: 'integer' },
    height: { type: 'integer' },
    extraction: { type: 'text' },
    turned: { type: 'integer', default: 0 },
    codeSearch: { type: 'text', default: 'full' },
    codeStatus: { type: 'text', default: 'none' },
    codeSlot: { type: 'integer', nullable: true },
    codePage: { type: 'integer', nullable: true },
    codeStudentId: { type: 'uuid', nullable: true },
    errorCode: { type: 'text', nullable: true },
    copyId: { type: 'uuid', nullable: true },
    pageNumber: { type: 'integer', nullable: true },
  },
});
