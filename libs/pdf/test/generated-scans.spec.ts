import { decodeSheetCode } from '@gradeline/contracts';
import { corruptPdf, emptyPdf, encryptedPdf, generateScanPdf, notAPdf, truncatedPdf, vectorPdf } from '@gradeline/testing';
import sharp from 'sharp';
import {
  EmptyPdfError,
  EncryptedPdfError,
  NotPdfError,
  TruncatedPdfError,
  bookletOrder,
  bufferSource,
  createRasteriser,
  inspectPdf,
  openPdf,
  readSheetQr,
  splitA3,
} from '../src';

// The shared synthetic scanner of @gradeline/testing (what ingestion will be tested against) draws
// every page: slower than the other tests.
jest.setTimeout(60_000);
const student = (lastName: string) => ({ student: { lastName, firstName: 'Camille', birthDate: '2008-03-14' } });
const qr = { tenantGuard: '0a1b2c3d', examId: '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b' };

describe('on batches of the synthetic scanner', () => {
  it('passes every page JPEG through and reads its sheet code, upside-down pages included', async () => {
    const { pdf, truth } = await generateScanPdf({
      copies: [student('Aubert'), student('Lemoine')],
      pagesPerCopy: 2,
      seed: 7,
      qr,
      upsideDownPages: [1],
    });
    const doc = await openPdf(bufferSource(pdf));
    expect(doc.pageCount).toBe(truth.pages.length);
    for (const [i, page] of truth.pages.entries()) {
      const scan = await doc.extractScannedJpeg(i);
      expect(scan).not.toBeNull();
      const reading = await readSheetQr(scan!.jpeg);
      expect(reading).toEqual({ text: page.sheetCodes[0], orientation: page.upsideDown ? 180 : 0 });
    }
  });

  it('reads every code of a 150 dpi stack, a skewed sheet ZXing alone misses included', async () => {
    // Seed 36's fourth page: ~3 px per module and a slight skew, where ZXing's sampling fails.
    const { pdf, truth } = await generateScanPdf({ copies: [{ student: null }, { student: null }], pagesPerCopy: 2, seed: 36, dpi: 150, qr });
    const doc = await openPdf(bufferSource(pdf));
    const read: Array<string | undefined> = [];
    for (let i = 0; i < doc.pageCount; i++) read.push((await readSheetQr((await doc.extractScannedJpeg(i))!.jpeg))?.text);
    expect(read).toEqual(truth.pages.map((p) => p.sheetCodes[0]));
  });

  it('splits A3 booklets and puts each copy in page order by its codes', async () => {
    const { pdf, truth } = await generateScanPdf({ copies: [student('Roux')], pagesPerCopy: 4, seed: 3, qr, a3Booklet: true });
    const doc = await openPdf(bufferSource(pdf));
    const sides: Array<[Buffer, Buffer]> = [];
    for (let i = 0; i < doc.pageCount; i++) sides.push((await splitA3((await doc.extractScannedJpeg(i))!.jpeg))!);
    expect(truth.pages.map((p) => p.pageNumbers)).toEqual([
      [4, 1],
      [2, 3],
    ]);
    const pages = [];
    for (const half of bookletOrder(sides)) pages.push(decodeSheetCode((await readSheetQr(half))!.text)!.page);
    expect(pages).toEqual([1, 2, 3, 4]);
  });

  it('rejects each of its bad PDFs with the matching error', async () => {
    const good = (await generateScanPdf({ copies: [student('Petit')], pagesPerCopy: 1, seed: 1 })).pdf;
    const cases: Array<[Buffer, new (...args: never[]) => Error]> = [
      [notAPdf(), NotPdfError],
      [notAPdf('text'), NotPdfError],
      [truncatedPdf(good), TruncatedPdfError],
      [corruptPdf(), TruncatedPdfError],
      [encryptedPdf(), EncryptedPdfError],
      [emptyPdf(), EmptyPdfError],
    ];
    for (const [bytes, type] of cases) await expect(inspectPdf(bufferSource(bytes))).rejects.toBeInstanceOf(type);
  });

  it('rasterises its vector PDF at 200 dpi', async () => {
    const doc = await openPdf(bufferSource(await vectorPdf(1)));
    expect(await doc.extractScannedJpeg(0)).toBeNull();
    const rasteriser = await createRasteriser();
    const page = await rasteriser.render(doc, 0);
    rasteriser.close();
    expect([page.widthPx, page.heightPx]).toEqual([1654, 2339]);
    expect((await sharp(page.jpeg).metadata()).channels).toBe(1);
  });
});
