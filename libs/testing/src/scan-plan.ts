import { encodeSheetCode } from '@gradeline/contracts';
import { type HeaderStudent } from './name-header';
import { createRandom, randomUuid } from './random';

export interface ScanCopy {
  /** Who wrote their name on page 1; null = the header is left blank. */
  student: HeaderStudent | null;
  /** The student id a prenamed sheet code carries; derived from the seed when absent. */
  studentId?: string;
}

export interface ScanOptions {
  copies: ScanCopy[];
  pagesPerCopy: number;
  /** 150-300, default 200. */
  dpi?: number;
  seed: number;
  /** Each copy is one folded A3 sheet (4 pages): scans [page 4 | page 1] then [page 2 | page 3]. */
  a3Booklet?: boolean;
  /** Print a sheet-code QR code on every page. `prenamed` adds the copy's student id. */
  qr?: { tenantGuard: string; examId: string; prenamed?: boolean };
  /** Largest absolute random skew in degrees, default 0.8. */
  rotationDeg?: number;
  /** 0..1, default 0.2. */
  noise?: number;
  /** Indexes in the natural scan order (before drops, duplicates and shuffle) fed upside down. */
  upsideDownPages?: number[];
  /** Shuffle the output pages (after drops and duplicates). */
  shuffle?: boolean;
  /** Natural-order indexes missing from the output. */
  dropPages?: number[];
  /** Natural-order indexes scanned twice: a second scan follows the first (then shuffles with the rest). */
  duplicatePages?: number[];
  /** Leave every name header unfilled, whatever the copies say. */
  blankHeader?: boolean;
}

/** One page of the output PDF, in output order. */
export interface ScanPageTruth {
  copyIndex: number;
  /** The copy page (A4); for an A3 booklet the sheet side, 1 = [4 | 1], 2 = [2 | 3]. */
  pageNumber: number;
  /** The copy pages the image shows, left to right: [k] on A4, [4, 1] or [2, 3] on A3. */
  pageNumbers: number[];
  upsideDown: boolean;
  /** True for the extra scan of a page listed in duplicatePages. */
  duplicate: boolean;
  /** The page's position in the natural scan order. */
  scanIndex: number;
  /** The QR texts on the image, left to right (empty without `qr`). */
  sheetCodes: string[];
}

export interface ScanCopyTruth {
  /** The student whose name the header shows (null when blank). */
  student: HeaderStudent | null;
  /** The id in prenamed sheet codes, else null. */
  studentId: string | null;
}

export interface ScanTruth {
  pages: ScanPageTruth[];
  copies: ScanCopyTruth[];
}

function checkIndexes(name: string, indexes: number[] | undefined, total: number): Set<number> {
  for (const i of indexes ?? []) {
    if (!Number.isInteger(i) || i < 0 || i >= total) throw new RangeError(`${name}: ${i} is not a scan page index (0..${total - 1})`);
  }
  return new Set(indexes);
}

function sheetSides(options: ScanOptions): number[][] {
  if (!options.a3Booklet) return Array.from({ length: options.pagesPerCopy }, (_, k) => [k + 1]);
  if (options.pagesPerCopy !== 4) throw new RangeError('an A3 booklet has exactly 4 pages per copy');
  return [
    [4, 1],
    [2, 3],
  ];
}

/** Which image goes where in the output, and what it shows: the truth, before any pixel is drawn. */
export function planScan(options: ScanOptions): ScanTruth {
  if (!Number.isInteger(options.pagesPerCopy) || options.pagesPerCopy < 1) throw new RangeError('pagesPerCopy must be >= 1');
  const sides = sheetSides(options);
  const copies = options.copies.map((copy, copyIndex): ScanCopyTruth => ({
    student: options.blankHeader ? null : copy.student,
    studentId: options.qr?.prenamed ? (copy.studentId ?? randomUuid(createRandom(options.seed, 3, copyIndex))) : null,
  }));
  const total = copies.length * sides.length;
  const upsideDown = checkIndexes('upsideDownPages', options.upsideDownPages, total);
  const drops = checkIndexes('dropPages', options.dropPages, total);
  const duplicates = checkIndexes('duplicatePages', options.duplicatePages, total);
  const pages: ScanPageTruth[] = [];
  copies.forEach((copy, copyIndex) =>
    sides.forEach((pageNumbers, side) => {
      const scanIndex = copyIndex * sides.length + side;
      if (drops.has(scanIndex)) return;
      const qr = options.qr;
      const sheetCodes = qr
        ? pageNumbers.map((page) =>
            encodeSheetCode({ tenantGuard: qr.tenantGuard, examId: qr.examId, slot: copyIndex + 1, page, studentId: copy.studentId }),
          )
        : [];
      const pageNumber = options.a3Booklet ? side + 1 : pageNumbers[0]!;
      const page = { copyIndex, pageNumber, pageNumbers, upsideDown: upsideDown.has(scanIndex), duplicate: false, scanIndex, sheetCodes };
      pages.push(page);
      if (duplicates.has(scanIndex)) pages.push({ ...page, duplicate: true });
    }),
  );
  return { pages: options.shuffle ? createRandom(options.seed, 4).shuffle(pages) : pages, copies };
}
