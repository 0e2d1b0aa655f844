import { randomUUID } from 'node:crypto';
import { type CopyAssembledV1 } from '@gradeline/contracts';
import { bufferSource, openPdf, rotate180, splitA3, tenantGuardOf } from '@gradeline/pdf';
import { vectorPdf, type ScanTruth } from '@gradeline/testing';
import { Page } from '../src/modules/pages/page.entity';
import { readObject } from '../src/shared/read-object';
import { publishExam, startIngestion, uploadAndProcess, waitForCopies, type Headers, type IngestionTest, type IngestionTestService } from './support/ingestion';

jest.setTimeout(90_000);

/** The embedded JPEG of each page of a scanned PDF, as the scanner wrote it. */
async function embeddedJpegs(pdf: Buffer): Promise<Buffer[]> {
  const doc = await openPdf(bufferSource(pdf));
  const jpegs: Buffer[] = [];
  for (let i = 0; i < doc.pageCount; i++) jpegs.push((await doc.extractScannedJpeg(i))!.jpeg);
  return jpegs;
}

describe('page extraction', () => {
  let ingestion: IngestionTest;
  let svc: IngestionTestService;
  let staff: Headers;
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion();
    svc = ingestion.svc;
    staff = await svc.as({ role: 'teacher', tenantId });
  });
  afterAll(() => ingestion.close());

  const pagesOf = (batchId: string) => svc.deps.orm.em.fork().find(Page, { batchId }, { orderBy: { scanIndex: 'asc', side: 'asc' } });
  const bytes = (key: string) => readObject(svc.deps.store, key);

  it('keeps scanned JPEGs byte for byte, and turns an upside-down page without a code the right way up', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 4 });
    const { pdf } = await ingestion.scans.generate({ copies: [{ student: null }], pagesPerCopy: 4, seed: 51, dpi: 200, upsideDownPages: [2] });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    expect(batch).toMatchObject({ status: 'completed', copies: 1, reviewItems: 0 });
    const scanned = await embeddedJpegs(pdf);
    const pages = await pagesOf(batch.id);
    expect(pages.map((p) => [p.extraction, p.turned])).toEqual([
      ['passthrough', 0],
      ['passthrough', 0],
      ['converted', 180],
      ['passthrough', 0],
    ]);
    for (const page of pages) {
      const expected = page.turned === 180 ? await rotate180(scanned[page.scanIndex]!) : scanned[page.scanIndex]!;
      expect((await bytes(page.objectKey!)).equals(expected)).toBe(true);
    }
  });

  it('turns a coded page by its QR code, whatever the text says', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const { pdf } = await ingestion.scans.generate({
      copies: [{ student: null }],
      pagesPerCopy: 2,
      seed: 52,
      dpi: 200,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      upsideDownPages: [0],
    });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    const pages = await pagesOf(batch.id);
    expect(pages.map((p) => [p.turned, p.codeStatus, p.codeSlot, p.codePage, p.pageNumber])).toEqual([
      [180, 'valid', 1, 1, 1],
      [0, 'valid', 1, 2, 2],
    ]);
    expect((await bytes(pages[0]!.objectKey!)).equals(await rotate180((await embeddedJpegs(pdf))[0]!))).toBe(true);
  });

  it('cuts uncoded A3 booklets into four A4 pages each, in reading order ([4|1] then [2|3])', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 4 });
    const { pdf, truth } = await ingestion.scans.generate({ copies: [{ student: null }, { student: null }], pagesPerCopy: 4, seed: 53, dpi: 200, a3Booklet: true });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    expect(batch).toMatchObject({ status: 'completed', pages: 4, images: 8, copies: 2, reviewItems: 0 });
    const halves = await Promise.all((await embeddedJpegs(pdf)).map(async (jpeg) => (await splitA3(jpeg))!));
    const copies = await waitForCopies(svc, batch.id, 2);
    for (const copy of copies) {
      expect(copy.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
      for (const page of copy.pages) {
        expect(page.width).toBeLessThan(page.height);
        const [scanIndex, side] = locate(page.objectKey);
        const shown = truth.pages[scanIndex]!;
        // The image stored as page n is the half of the sheet that shows page n of that copy.
        expect([shown.copyIndex, shown.pageNumbers[side === 'left' ? 0 : 1]]).toEqual([copyIndexOf(copy, truth), page.number]);
        expect((await bytes(page.objectKey)).equals(halves[scanIndex]![side === 'left' ? 0 : 1])).toBe(true);
      }
    }
  });

  it('places coded A3 halves by their codes, an upside-down sheet side included', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 4 });
    const { pdf, truth } = await ingestion.scans.generate({
      copies: [{ student: null }, { student: null }],
      pagesPerCopy: 4,
      seed: 54,
      dpi: 200,
      a3Booklet: true,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      upsideDownPages: [1],
      shuffle: true,
    });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    const copies = await waitForCopies(svc, batch.id, 2);
    for (const copy of copies) {
      expect(copy).toMatchObject({ assembly: 'qr', complete: true, missingPages: [] });
      for (const page of copy.pages) {
        const [scanIndex, side] = locate(page.objectKey);
        const shown = truth.pages[scanIndex]!;
        // Keys name the halves of the side once turned upright: a side fed upside down has had its
        // halves swapped, so its left image is still the sheet's left page.
        expect([shown.copyIndex + 1, shown.pageNumbers[side === 'left' ? 0 : 1]]).toEqual([copy.sheet!.slot, page.number]);
      }
    }
    const turned = (await pagesOf(batch.id)).map((p) => [p.scanIndex, p.turned]);
    expect(turned).toEqual(truth.pages.flatMap((t, i) => [[i, t.upsideDown ? 180 : 0], [i, t.upsideDown ? 180 : 0]]));
  });

  it('rasterises pages that are not plain scans at 200 dpi with PDFium', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const batch = await uploadAndProcess(svc, staff, examId, await vectorPdf(4, 7));
    expect(batch).toMatchObject({ status: 'completed', images: 4, copies: 2 });
    const pages = await pagesOf(batch.id);
    expect(pages.map((p) => [p.extraction, p.width, p.height])).toEqual(Array.from({ length: 4 }, () => ['rasterised', 1654, 2339]));
  });
});

/** PDF page (0-based) and side an object key was cut from: `pages/<n>-left.jpg`. */
function locate(objectKey: string): [number, 'left' | 'right'] {
  const [, n, side] = /\/pages\/(\d+)-(left|right)\.jpg$/.exec(objectKey)!;
  return [Number(n) - 1, side as 'left' | 'right'];
}

/** Which generated copy an uncoded copy is: the one its first page came from. */
function copyIndexOf(copy: CopyAssembledV1, truth: ScanTruth): number {
  return truth.pages[locate(copy.pages[0]!.objectKey)[0]]!.copyIndex;
}
