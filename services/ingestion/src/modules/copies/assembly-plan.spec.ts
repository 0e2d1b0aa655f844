import { type ScanPageSide } from '@gradeline/contracts';
import { copyKeyOpenedBy, planAssembly, type PageForAssembly } from './assembly-plan';

let nextId = 0;
function page(scanIndex: number, options: Partial<PageForAssembly> & { side?: ScanPageSide } = {}): PageForAssembly {
  return {
    id: `p${nextId++}`,
    scanIndex,
    side: 'full',
    extraction: 'passthrough',
    codeStatus: 'none',
    codeSlot: null,
    codePage: null,
    codeStudentId: null,
    ...options,
  };
}
const coded = (scanIndex: number, slot: number, number: number, studentId: string | null = null) =>
  page(scanIndex, { codeStatus: 'valid', codeSlot: slot, codePage: number, codeStudentId: studentId });
const ids = (pages: PageForAssembly[]) => pages.map((p) => p.id);

describe('planAssembly', () => {
  describe('without sheet codes', () => {
    it('cuts the stack every pagesPerCopy pages, in scan order', () => {
      const pages = Array.from({ length: 8 }, (_, i) => page(i));
      const plan = planAssembly(pages, 4);
      const numbered = (from: number) => [1, 2, 3, 4].map((n) => [n, pages[from + n - 1]!.id]);
      expect(plan.copies.map((c) => [c.key, c.assembly, c.pages.map((p) => [p.number, p.pageId])])).toEqual([
        ['seq:1', 'page_count', numbered(0)],
        ['seq:2', 'page_count', numbered(4)],
      ]);
      expect(plan.review).toEqual([]);
    });

    it('sends a remainder that does not fill a copy to review, never a short copy', () => {
      const pages = Array.from({ length: 13 }, (_, i) => page(i));
      const plan = planAssembly([...pages].reverse(), 4);
      expect(plan.copies).toHaveLength(3);
      expect(plan.copies.map((c) => c.pages.map((p) => p.pageId))).toEqual([ids(pages.slice(0, 4)), ids(pages.slice(4, 8)), ids(pages.slice(8, 12))]);
      expect(plan.review).toEqual([{ pageId: pages[12]!.id, reason: 'remainder' }]);
    });

    it('puts folded A3 sheets in booklet order: [4|1] then [2|3] give pages 1 to 4', () => {
      const sides = [0, 1, 2, 3].flatMap((i) => [page(i, { side: 'left' }), page(i, { side: 'right' })]);
      const plan = planAssembly(sides, 4);
      const byName = (scan: number, side: 'left' | 'right') => sides.find((p) => p.scanIndex === scan && p.side === side)!.id;
      expect(plan.copies.map((c) => c.pages.map((p) => p.pageId))).toEqual([
        [byName(0, 'right'), byName(1, 'left'), byName(1, 'right'), byName(0, 'left')],
        [byName(2, 'right'), byName(3, 'left'), byName(3, 'right'), byName(2, 'left')],
      ]);
    });

    it('orders an 8-page booklet [8|1] [2|7] [6|3] [4|5]', () => {
      const sides = [0, 1, 2, 3].flatMap((i) => [page(i, { side: 'left' }), page(i, { side: 'right' })]);
      const [copy] = planAssembly(sides, 8).copies;
      const shown = [8, 1, 2, 7, 6, 3, 4, 5];
      expect(copy!.pages.map((p) => shown[sides.findIndex((s) => s.id === p.pageId)])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('takes A3 halves left then right when the copy is not a whole number of folded sheets', () => {
      const sides = [0, 1, 2].flatMap((i) => [page(i, { side: 'left' }), page(i, { side: 'right' })]);
      const plan = planAssembly(sides, 3);
      expect(plan.copies.map((c) => c.pages.map((p) => p.pageId))).toEqual([ids(sides.slice(0, 3)), ids(sides.slice(3, 6))]);
    });

    it('sends unreadable pages and foreign codes to review, and cuts the rest', () => {
      const pages = [page(0), page(1, { extraction: 'failed' }), page(2), page(3, { codeStatus: 'foreign', codeSlot: 1, codePage: 1 })];
      const plan = planAssembly(pages, 2);
      expect(plan.copies.map((c) => c.pages.map((p) => p.pageId))).toEqual([[pages[0]!.id, pages[2]!.id]]);
      expect(plan.review).toEqual([
        { pageId: pages[1]!.id, reason: 'unreadable' },
        { pageId: pages[3]!.id, reason: 'foreign_code' },
      ]);
    });
  });

  describe('with sheet codes', () => {
    it('places pages by slot and page number whatever the scan order', () => {
      const pages = [coded(0, 2, 2), coded(1, 1, 1, 'student-a'), coded(2, 2, 1), coded(3, 1, 2, 'student-a')];
      const plan = planAssembly(pages, 2);
      expect(plan.copies).toEqual([
        { key: 'slot:1', ordinal: 1, assembly: 'qr', pages: [{ pageId: pages[1]!.id, number: 1 }, { pageId: pages[3]!.id, number: 2 }], missingPages: [], sheetStudentId: 'student-a' },
        { key: 'slot:2', ordinal: 2, assembly: 'qr', pages: [{ pageId: pages[2]!.id, number: 1 }, { pageId: pages[0]!.id, number: 2 }], missingPages: [], sheetStudentId: null },
      ]);
    });

    it('plans a copy missing a page with its gap, and leaves the other copies alone', () => {
      const plan = planAssembly([coded(0, 1, 1), coded(1, 1, 3), coded(2, 2, 1), coded(3, 2, 2), coded(4, 2, 3)], 3);
      expect(plan.copies.map((c) => [c.ordinal, c.missingPages])).toEqual([
        [1, [2]],
        [2, []],
      ]);
    });

    it('sends every page claiming the same place to review as a collision', () => {
      const pages = [coded(0, 1, 1), coded(1, 1, 2), coded(2, 1, 2)];
      const plan = planAssembly(pages, 2);
      expect(plan.copies).toEqual([expect.objectContaining({ pages: [{ pageId: pages[0]!.id, number: 1 }], missingPages: [2] })]);
      expect(plan.review).toEqual([
        { pageId: pages[1]!.id, reason: 'collision' },
        { pageId: pages[2]!.id, reason: 'collision' },
      ]);
    });

    it('sends pages beyond the copy length as extra, and uncoded pages among coded ones as unknown', () => {
      const pages = [coded(0, 1, 1), coded(1, 1, 2), coded(2, 1, 3), page(3)];
      const plan = planAssembly(pages, 2);
      expect(plan.copies).toHaveLength(1);
      expect(plan.review).toEqual([
        { pageId: pages[2]!.id, reason: 'extra' },
        { pageId: pages[3]!.id, reason: 'unknown' },
      ]);
    });

    it('names no student when the pages of one slot disagree', () => {
      const plan = planAssembly([coded(0, 1, 1, 'student-a'), coded(1, 1, 2, 'student-b')], 2);
      expect(plan.copies[0]!.sheetStudentId).toBeNull();
    });

    it('makes no copy of a slot whose only pages collide', () => {
      const pages = [coded(0, 1, 1), coded(1, 1, 1)];
      const plan = planAssembly(pages, 1);
      expect(plan.copies).toEqual([]);
      expect(plan.review.map((r) => r.reason)).toEqual(['collision', 'collision']);
    });
  });
});

describe('copyKeyOpenedBy (the copy a page is likely to open, to cut its header early)', () => {
  const plain = { pagesPerCopy: 4, pagesTotal: 13, codeMode: 'absent' as const };

  it('agrees with the plan on every page of an uncoded stack, the remainder included', () => {
    const pages = Array.from({ length: 13 }, (_, i) => page(i));
    const openers = new Map(planAssembly(pages, 4).copies.map((c) => [c.pages.find((p) => p.number === 1)!.pageId, c.key]));
    expect(pages.map((p) => copyKeyOpenedBy(p, plain))).toEqual(pages.map((p) => openers.get(p.id) ?? null));
    expect([...openers.values()]).toEqual(['seq:1', 'seq:2', 'seq:3']);
  });

  it('agrees with the plan on a shuffled coded stack: page 1 of each slot, whatever its place', () => {
    const pages = [coded(0, 2, 3), coded(1, 1, 1), coded(2, 2, 1), coded(3, 1, 2), coded(4, 2, 2), coded(5, 1, 3)];
    const openers = new Map(planAssembly(pages, 3).copies.map((c) => [c.pages.find((p) => p.number === 1)!.pageId, c.key]));
    const coding = { pagesPerCopy: 3, pagesTotal: 6, codeMode: 'present' as const };
    expect(pages.map((p) => copyKeyOpenedBy(p, coding))).toEqual(pages.map((p) => openers.get(p.id) ?? null));
  });

  it('guesses nothing for an uncoded page until the batch is known to carry no codes', () => {
    expect(copyKeyOpenedBy(page(4), { ...plain, codeMode: 'unknown' })).toBeNull();
    expect(copyKeyOpenedBy(page(4), { ...plain, codeMode: 'present' })).toBeNull();
    expect(copyKeyOpenedBy(page(4), plain)).toBe('seq:2');
  });

  it('guesses nothing for unreadable pages, foreign codes, A3 halves or a coded page other than 1', () => {
    expect(copyKeyOpenedBy(page(0, { extraction: 'failed' }), plain)).toBeNull();
    expect(copyKeyOpenedBy(page(0, { codeStatus: 'foreign', codeSlot: 1, codePage: 1 }), plain)).toBeNull();
    expect(copyKeyOpenedBy(page(0, { side: 'right' }), plain)).toBeNull();
    expect(copyKeyOpenedBy(coded(0, 5, 2), plain)).toBeNull();
    expect(copyKeyOpenedBy(coded(7, 5, 1), plain)).toBe('slot:5');
  });
});
