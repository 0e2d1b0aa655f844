import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSheetCode } from '@gradeline/contracts';
import sharp from 'sharp';
import { hasBinary, pdfimagesList, pdfPages, type PdfPage, readCornerQr } from '../test/support';
import { generateRoster } from './roster';
import { a4Pixels, generateScanPdf, generateScanPdfToFile, type ScanTruth } from './scans';

// Rendering pages takes seconds on a busy 2-core machine; the root jest run ignores project timeouts.
jest.setTimeout(180_000);

const A4_PT = { width: 595.28, height: 841.89 };
const qr = { tenantGuard: '1a2b3c4d', examId: '0b9f5a3e-7f7c-4e0b-9d7c-3b1f2d4e5a6b' };
const copies = generateRoster({ count: 3, seed: 5 }).map((student) => ({ student }));
const withPoppler = hasBinary('pdfimages') ? it : it.skip;
const dir = mkdtempSync(join(tmpdir(), 'gl-scans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The QR texts each page shows, left to right, read back from the pixels. */
async function readCodes(pages: PdfPage[], truth: ScanTruth): Promise<(string | null)[][]> {
  return Promise.all(
    pages.map((page, i) => {
      const { pageNumbers, upsideDown } = truth.pages[i]!;
      return Promise.all(pageNumbers.map((_, half) => readCornerQr(page.images[0]!.bytes, half, pageNumbers.length, upsideDown)));
    }),
  );
}

/** The share of dark pixels where the comb rows of the name header are. */
async function inkInHeaderBox(jpeg: Buffer): Promise<number> {
  const { width, height } = a4Pixels(200);
  const box = { left: Math.round(width * 0.2), top: Math.round(height * 0.05), width: Math.round(width * 0.5), height: Math.round(height * 0.1) };
  const pixels = await sharp(jpeg).extract(box).raw().toBuffer();
  return pixels.filter((v) => v < 128).length / pixels.length;
}

describe('generateScanPdf, A4 at the default 200 dpi', () => {
  let result: { pdf: Buffer; truth: ScanTruth };
  let pages: PdfPage[];
  beforeAll(async () => {
    result = await generateScanPdf({ copies, pagesPerCopy: 2, seed: 11, qr: { ...qr, prenamed: true }, upsideDownPages: [3] });
    pages = await pdfPages(result.pdf);
  });

  it('has one A4 page per copy page, each exactly one greyscale JPEG of the 200 dpi pixel size', () => {
    expect(pages).toHaveLength(6);
    for (const page of pages) {
      expect(page.widthPt).toBeCloseTo(A4_PT.width, 1);
      expect(page.heightPt).toBeCloseTo(A4_PT.height, 1);
      expect(page.images).toHaveLength(1);
      expect(page.images[0]).toMatchObject({ filter: '/DCTDecode', colorSpace: '/DeviceGray', width: 1654, height: 2339 });
    }
  });

  withPoppler('is what pdfimages lists: one gray JPEG per page', () => {
    const path = join(dir, 'a4.pdf');
    writeFileSync(path, result.pdf);
    const rows = pdfimagesList(path);
    expect(rows.map((r) => r.page)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const row of rows) expect(row).toMatchObject({ type: 'image', width: 1654, height: 2339, color: 'gray', comp: 1, enc: 'jpeg' });
  });

  it('prints a readable sheet code on every page, naming the copy, the page and the student', async () => {
    const codes = await readCodes(pages, result.truth);
    expect(codes).toEqual(result.truth.pages.map((p) => p.sheetCodes));
    result.truth.pages.forEach((page, i) => {
      expect(decodeSheetCode(codes[i]![0]!)).toEqual({
        ...qr,
        slot: page.copyIndex + 1,
        page: page.pageNumber,
        studentId: result.truth.copies[page.copyIndex]!.studentId,
      });
    });
  });

  it('feeds the requested page upside down: its code is in the bottom-left corner', async () => {
    expect(result.truth.pages[3]!.upsideDown).toBe(true);
    const jpeg = pages[3]!.images[0]!.bytes;
    expect(await readCornerQr(jpeg, 0, 1, false)).toBeNull();
    expect(await readCornerQr(jpeg, 0, 1, true)).toBe(result.truth.pages[3]!.sheetCodes[0]);
  });

  it('fills the name header on page 1 of each copy only', async () => {
    const ink = await Promise.all([0, 1, 2, 4].map((i) => inkInHeaderBox(pages[i]!.images[0]!.bytes)));
    expect(ink[1]).toBeLessThan(0.002);
    for (const filled of [ink[0], ink[2], ink[3]]) expect(filled).toBeGreaterThan(0.006);
  });
});

describe('generateScanPdf, A3 booklets at 150 dpi', () => {
  it('scans each folded sheet as an A3 landscape image twice the A4 width, [4 | 1] then [2 | 3]', async () => {
    const { pdf, truth } = await generateScanPdf({ copies: copies.slice(0, 2), pagesPerCopy: 4, a3Booklet: true, dpi: 150, seed: 2, qr });
    const pages = await pdfPages(pdf);
    const a4 = a4Pixels(150);
    expect(pages).toHaveLength(4);
    for (const page of pages) {
      expect(page.widthPt).toBeCloseTo(2 * A4_PT.width, 1);
      expect(page.heightPt).toBeCloseTo(A4_PT.height, 1);
      expect(page.images).toHaveLength(1);
      expect(page.images[0]).toMatchObject({ filter: '/DCTDecode', width: 2 * a4.width, height: a4.height });
    }
    const codes = await readCodes(pages, truth);
    expect(codes.map((c) => c.map((text) => decodeSheetCode(text!)?.page))).toEqual([[4, 1], [2, 3], [4, 1], [2, 3]]);
    expect(codes.map((c) => decodeSheetCode(c[0]!)?.slot)).toEqual([1, 1, 2, 2]);
  });
});

describe('generateScanPdfToFile', () => {
  const options = { copies: copies.slice(0, 2), pagesPerCopy: 2, seed: 8, qr, shuffle: true, dropPages: [0], duplicatePages: [2] };
  let truth: ScanTruth;
  const path = join(dir, 'streamed.pdf');
  beforeAll(async () => {
    ({ truth } = await generateScanPdfToFile(path, options));
  });

  it('writes a PDF pdf-lib reads: one greyscale JPEG per page, in the order the truth says', async () => {
    const pages = await pdfPages(readFileSync(path));
    expect(pages).toHaveLength(4);
    for (const page of pages) expect(page.images[0]).toMatchObject({ filter: '/DCTDecode', colorSpace: '/DeviceGray', width: 1654 });
    expect(await readCodes(pages, truth)).toEqual(truth.pages.map((p) => p.sheetCodes));
    expect(truth.pages.filter((p) => p.duplicate).map((p) => p.scanIndex)).toEqual([2]);
    expect(truth.pages.some((p) => p.scanIndex === 0)).toBe(false);
  });

  withPoppler('writes a PDF pdfimages lists page by page', () => {
    const rows = pdfimagesList(path);
    expect(rows.map((r) => r.page)).toEqual([1, 2, 3, 4]);
    for (const row of rows) expect(row).toMatchObject({ width: 1654, height: 2339, color: 'gray', enc: 'jpeg' });
  });
});

describe('scanner options', () => {
  it('gives the same bytes for the same seed', async () => {
    const once = await generateScanPdf({ copies: copies.slice(0, 1), pagesPerCopy: 1, seed: 4 });
    const twice = await generateScanPdf({ copies: copies.slice(0, 1), pagesPerCopy: 1, seed: 4 });
    expect(twice.pdf.equals(once.pdf)).toBe(true);
  });

  it('refuses a resolution outside 150-300 dpi', async () => {
    await expect(generateScanPdf({ copies, pagesPerCopy: 1, seed: 1, dpi: 100 })).rejects.toThrow(/150-300/);
  });
});
