import { type ReviewReason, type ScanPageSide } from '@gradeline/contracts';
import { bookletOrder } from '@gradeline/pdf';
import { type CodeMode } from '../batches/batch.entity';
import { type CodeStatus, type Extraction } from '../pages/page.entity';
import { stableId } from '../../shared/stable-id';

/** A processed page image, as assembly sees it. */
export interface PageForAssembly {
  id: string;
  scanIndex: number;
  side: ScanPageSide;
  extraction: Extraction;
  codeStatus: CodeStatus;
  codeSlot: number | null;
  codePage: number | null;
  codeStudentId: string | null;
}

export interface PlannedCopy {
  /** Stable within the batch: `slot:<n>` (QR) or `seq:<n>` (page count). */
  key: string;
  ordinal: number;
  assembly: 'qr' | 'page_count';
  pages: Array<{ pageId: string; number: number }>;
  missingPages: number[];
  sheetStudentId: string | null;
}

/** A copy's key in its batch's plan: by the slot its sheet codes name, or by its place in an uncoded stack. */
export const slotCopyKey = (slot: number) => `slot:${slot}`;
export const countedCopyKey = (ordinal: number) => `seq:${ordinal}`;

/** The copy's id: the same plan gives the same ids, whichever worker makes it, however often. */
export const copyIdOf = (batchId: string, copyKey: string) => stableId('copy', batchId, copyKey);

/**
 * The copy a page is likely to open (be page 1 of), known as soon as the page is processed: a coded
 * page 1 opens its slot's copy; in a stack without codes, every `pagesPerCopy`-th A4 page opens the
 * next whole copy. Its header can then be cut with the page instead of at assembly. A guess: the
 * plan decides (a page that failed before it or A3 booklets change the count, a duplicated page 1
 * goes to review), and assembly cuts the header of any copy the guess missed.
 */
export function copyKeyOpenedBy(
  page: PageForAssembly,
  batch: { pagesPerCopy: number; pagesTotal: number; codeMode: CodeMode },
): string | null {
  if (page.extraction === 'failed') return null;
  if (page.codeStatus === 'valid') return page.codePage === 1 ? slotCopyKey(page.codeSlot!) : null;
  // Uncoded pages only once the batch is known to carry no codes: before, a page may be a coded one
  // looked at quickly (searched again in full later), or a stray page among coded sheets.
  if (page.codeStatus !== 'none' || page.side !== 'full' || batch.codeMode !== 'absent') return null;
  const { scanIndex } = page;
  const whole = scanIndex % batch.pagesPerCopy === 0 && scanIndex + batch.pagesPerCopy <= batch.pagesTotal;
  return whole ? countedCopyKey(scanIndex / batch.pagesPerCopy + 1) : null;
}

export interface PlannedReview {
  pageId: string;
  reason: ReviewReason;
}

export interface AssemblyPlan {
  copies: PlannedCopy[];
  review: PlannedReview[];
}

/** Page numbers 1..pagesPerCopy that no page fills. */
export function missingPages(numbers: Iterable<number>, pagesPerCopy: number): number[] {
  const present = new Set(numbers);
  return Array.from({ length: pagesPerCopy }, (_, i) => i + 1).filter((n) => !present.has(n));
}

const SIDE_ORDER: Record<ScanPageSide, number> = { full: 0, left: 1, right: 2 };

/**
 * Places a batch's pages into copies. Pages with a sheet code go where their code says, whatever
 * the scan order; without codes the stack is cut every `pagesPerCopy` pages. Anything that does not
 * fit goes to review rather than being guessed: unreadable pages, foreign codes, pages without a
 * code among coded sheets, pages beyond the copy's length, pages claiming the same place (all of
 * them), and a remainder too short for a copy. Copies missing pages are planned with their gaps.
 */
export function planAssembly(pages: readonly PageForAssembly[], pagesPerCopy: number): AssemblyPlan {
  const ordered = [...pages].sort((a, b) => a.scanIndex - b.scanIndex || SIDE_ORDER[a.side] - SIDE_ORDER[b.side]);
  const review: PlannedReview[] = [];
  const usable: PageForAssembly[] = [];
  for (const page of ordered) {
    if (page.extraction === 'failed') review.push({ pageId: page.id, reason: 'unreadable' });
    else if (page.codeStatus === 'foreign') review.push({ pageId: page.id, reason: 'foreign_code' });
    else usable.push(page);
  }
  const coded = usable.some((p) => p.codeStatus === 'valid');
  const plan = coded ? byCode(usable, pagesPerCopy) : byCount(usable, pagesPerCopy);
  return { copies: plan.copies, review: [...review, ...plan.review] };
}

function byCode(pages: PageForAssembly[], pagesPerCopy: number): AssemblyPlan {
  const review: PlannedReview[] = [];
  const claims = new Map<number, Map<number, PageForAssembly[]>>();
  for (const page of pages) {
    if (page.codeStatus !== 'valid') review.push({ pageId: page.id, reason: 'unknown' });
    else if (page.codePage! > pagesPerCopy) review.push({ pageId: page.id, reason: 'extra' });
    else {
      const slot = claims.get(page.codeSlot!) ?? new Map<number, PageForAssembly[]>();
      claims.set(page.codeSlot!, slot);
      slot.set(page.codePage!, [...(slot.get(page.codePage!) ?? []), page]);
    }
  }
  const copies: PlannedCopy[] = [];
  for (const [slot, byNumber] of [...claims].sort(([a], [b]) => a - b)) {
    const placed: PlannedCopy['pages'] = [];
    for (const [number, claimants] of [...byNumber].sort(([a], [b]) => a - b)) {
      if (claimants.length === 1) placed.push({ pageId: claimants[0]!.id, number });
      else for (const c of claimants) review.push({ pageId: c.id, reason: 'collision' });
    }
    if (placed.length === 0) continue;
    const students = new Set([...byNumber.values()].flat().map((p) => p.codeStudentId));
    copies.push({
      key: slotCopyKey(slot),
      ordinal: slot,
      assembly: 'qr',
      pages: placed,
      missingPages: missingPages(placed.map((p) => p.number), pagesPerCopy),
      // Pages of one slot naming different students: say nothing rather than pick one.
      sheetStudentId: students.size === 1 ? [...students][0]! : null,
    });
  }
  return { copies, review };
}

/**
 * Cuts uncoded pages by count. When every page is an A3 sheet side and a copy is a whole number
 * of folded sheets, each copy's sides are put in booklet order ([4|1], [2|3] → 1..4); otherwise
 * images are taken in scan order, left half before right.
 */
function byCount(pages: PageForAssembly[], pagesPerCopy: number): AssemblyPlan {
  const sides = sidesOf(pages);
  const booklet = sides.length > 0 && pagesPerCopy % 4 === 0 && sides.every((s) => s.length === 2);
  const units: PageForAssembly[][] = booklet ? sides : pages.map((p) => [p]);
  const perCopy = booklet ? pagesPerCopy / 2 : pagesPerCopy;
  const copies: PlannedCopy[] = [];
  const whole = Math.floor(units.length / perCopy);
  for (let c = 0; c < whole; c++) {
    const group = units.slice(c * perCopy, (c + 1) * perCopy);
    const inOrder = booklet ? bookletOrder(group.map((u) => [u[0]!, u[1]!] as const)) : group.flat();
    copies.push({
      key: countedCopyKey(c + 1),
      ordinal: c + 1,
      assembly: 'page_count',
      pages: inOrder.map((p, i) => ({ pageId: p.id, number: i + 1 })),
      missingPages: [],
      sheetStudentId: null,
    });
  }
  const review = units.slice(whole * perCopy).flat().map((p) => ({ pageId: p.id, reason: 'remainder' as const }));
  return { copies, review };
}

/** Images grouped back by PDF page: [left, right] for an A3 sheet side, [full] otherwise. */
function sidesOf(pages: PageForAssembly[]): PageForAssembly[][] {
  const sides = new Map<number, PageForAssembly[]>();
  for (const p of pages) sides.set(p.scanIndex, [...(sides.get(p.scanIndex) ?? []), p]);
  return [...sides.values()];
}
