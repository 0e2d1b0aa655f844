import { decodeSheetCode } from '@gradeline/contracts';
import { planScan, type ScanOptions } from './scan-plan';

const student = { lastName: 'Le Gall', firstName: 'Marie-Ève', birthDate: '2011-02-03' };
const base: ScanOptions = { copies: [{ student }, { student: null }, { student }], pagesPerCopy: 2, seed: 3 };
const order = (o: ScanOptions) => planScan(o).pages.map((p) => `${p.copyIndex}/${p.pageNumber}${p.duplicate ? '+' : ''}`);

describe('planScan', () => {
  it('lists the copies page by page in natural order', () => {
    expect(order(base)).toEqual(['0/1', '0/2', '1/1', '1/2', '2/1', '2/2']);
    expect(planScan(base).copies.map((c) => c.student)).toEqual([student, null, student]);
  });

  it('drops, duplicates and turns the requested natural-order pages', () => {
    const { pages } = planScan({ ...base, dropPages: [1], duplicatePages: [4], upsideDownPages: [4, 5] });
    expect(pages.map((p) => p.scanIndex)).toEqual([0, 2, 3, 4, 4, 5]);
    expect(pages.map((p) => p.duplicate)).toEqual([false, false, false, false, true, false]);
    expect(pages.map((p) => p.upsideDown)).toEqual([false, false, false, true, true, true]);
  });

  it('shuffles the same pages into an order fixed by the seed', () => {
    const shuffled = order({ ...base, shuffle: true, duplicatePages: [0] });
    expect([...shuffled].sort()).toEqual([...order({ ...base, duplicatePages: [0] })].sort());
    expect(shuffled).not.toEqual(order({ ...base, duplicatePages: [0] }));
    expect(order({ ...base, shuffle: true, duplicatePages: [0] })).toEqual(shuffled);
  });

  it('blanks every header on request', () => {
    expect(planScan({ ...base, blankHeader: true }).copies.every((c) => c.student === null)).toBe(true);
  });

  it('gives each page its sheet code; prenamed codes carry the copy student id', () => {
    const examId = '0b9f5a3e-7f7c-4e0b-9d7c-3b1f2d4e5a6b';
    const studentId = 'c1a7c1e2-55f4-4b8e-9a21-6f1d2e3c4b5a';
    const truth = planScan({ ...base, copies: [{ student, studentId }, { student: null }], qr: { tenantGuard: 'a1b2c3d4', examId, prenamed: true } });
    const codes = truth.pages.map((p) => decodeSheetCode(p.sheetCodes[0]!));
    expect(codes[1]).toEqual({ tenantGuard: 'a1b2c3d4', examId, slot: 1, page: 2, studentId });
    expect(codes[2]).toMatchObject({ slot: 2, page: 1, studentId: truth.copies[1]!.studentId });
    expect(truth.copies[1]!.studentId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const unnamed = planScan({ ...base, qr: { tenantGuard: 'a1b2c3d4', examId } });
    expect(unnamed.pages.every((p) => decodeSheetCode(p.sheetCodes[0]!)?.studentId === null)).toBe(true);
  });

  it('folds A3 booklets: [4 | 1] then [2 | 3] per copy', () => {
    const truth = planScan({ ...base, pagesPerCopy: 4, a3Booklet: true });
    expect(truth.pages.map((p) => p.pageNumbers)).toEqual([[4, 1], [2, 3], [4, 1], [2, 3], [4, 1], [2, 3]]);
    expect(truth.pages.map((p) => p.pageNumber)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it('refuses impossible requests', () => {
    expect(() => planScan({ ...base, dropPages: [6] })).toThrow(RangeError);
    expect(() => planScan({ ...base, duplicatePages: [-1] })).toThrow(RangeError);
    expect(() => planScan({ ...base, a3Booklet: true })).toThrow(/4 pages/);
    expect(() => planScan({ ...base, pagesPerCopy: 0 })).toThrow(RangeError);
  });
});
