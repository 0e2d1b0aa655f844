import { randomUUID } from 'node:crypto';
import { type CopyAssembledV1, type ReviewList } from '@gradeline/contracts';
import { cropRegion, tenantGuardOf } from '@gradeline/pdf';
import { generateRoster, type ScanTruth } from '@gradeline/testing';
import { Batch } from '../src/modules/batches/batch.entity';
import { Page } from '../src/modules/pages/page.entity';
import { readObject } from '../src/shared/read-object';
import { publishExam, startIngestion, uploadAndProcess, waitForCopies, type Headers, type IngestionTest, type IngestionTestService } from './support/ingestion';

/** The 0-based PDF page an object key was cut from (`pages/<n>.jpg`). */
function scanIndexOf(objectKey: string): number {
  return Number(/\/pages\/(\d+)(?:-\w+)?\.jpg$/.exec(objectKey)![1]) - 1;
}

/** Each copy's pages as (copy index, page number) of the generator's truth: what was really scanned. */
function truthOf(copy: CopyAssembledV1, truth: ScanTruth): Array<[number, number, number]> {
  return copy.pages.map((p) => {
    const scanned = truth.pages[scanIndexOf(p.objectKey)]!;
    return [p.number, scanned.copyIndex, scanned.pageNumber];
  });
}

// Generating and processing scans is CPU work on a shared 2-core machine.
jest.setTimeout(60_000);

describe('copy assembly from generated scans', () => {
  let ingestion: IngestionTest;
  let svc: IngestionTestService;
  let staff: Headers;
  const tenantId = randomUUID();
  const students = generateRoster({ count: 6, seed: 3 });

  beforeAll(async () => {
    ingestion = await startIngestion();
    svc = ingestion.svc;
    staff = await svc.as({ role: 'teacher', tenantId });
  });
  afterAll(() => ingestion.close());

  const review = async (batchId: string) =>
    (await svc.app.inject({ url: `/batches/${batchId}/review`, headers: staff })).json<ReviewList>().items;

  it('cuts 13 uncoded pages at 4 per copy into 3 copies, and puts the 13th page in review instead of a fourth copy', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 4 });
    const { pdf } = await ingestion.scans.generate({
      copies: students.slice(0, 4).map((student) => ({ student })),
      pagesPerCopy: 4,
      seed: 11,
      dpi: 150,
      dropPages: [13, 14, 15],
    });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    expect(batch).toMatchObject({ status: 'completed', pages: 13, images: 13, copies: 3, reviewItems: 1, openReviewItems: 1 });
    const copies = (await waitForCopies(svc, batch.id, 3)).sort((a, b) => scanIndexOf(a.pages[0]!.objectKey) - scanIndexOf(b.pages[0]!.objectKey));
    expect(copies).toHaveLength(3);
    copies.forEach((copy, c) => {
      expect(copy).toMatchObject({ assembly: 'page_count', complete: true, missingPages: [], revision: 1, sheet: null });
      expect(copy.pages.map((p) => [p.number, scanIndexOf(p.objectKey)])).toEqual([1, 2, 3, 4].map((n) => [n, c * 4 + n - 1]));
      expect(copy.headerCropKey).toBe(`${tenantId}/ingestion/${batch.id}/copies/${copy.copyId}/header.jpg`);
    });
    const items = await review(batch.id);
    expect(items).toEqual([expect.objectContaining({ reason: 'remainder', status: 'open', page: expect.objectContaining({ scanPage: 13 }) })]);
  });

  // Most headers are cut with their page while the batch is processed (the pages likely to open a
  // copy), the others at assembly: either way each copy's crop must be its own page 1's.
  it("gives every copy the header of its own page 1, whether it was cut with the page or at assembly", async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const { pdf } = await ingestion.scans.generate({ copies: students.slice(0, 6).map((student) => ({ student })), pagesPerCopy: 2, seed: 61, dpi: 150 });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    expect(batch).toMatchObject({ status: 'completed', copies: 6, reviewItems: 0 });
    const em = svc.deps.orm.em.fork();
    const { headerRegion } = await em.findOneOrFail(Batch, { id: batch.id });
    for (const copy of await waitForCopies(svc, batch.id, 6)) {
      const first = await em.findOneOrFail(Page, { copyId: copy.copyId, pageNumber: 1 });
      expect(copy.pages.find((p) => p.number === 1)!.objectKey).toBe(first.objectKey);
      expect((await svc.deps.store.head(copy.headerCropKey!))!.metadata).toEqual({ page: first.id });
      const expected = await cropRegion(await readObject(svc.deps.store, first.objectKey!), headerRegion);
      expect((await readObject(svc.deps.store, copy.headerCropKey!)).equals(expected)).toBe(true);
    }
  });

  it('puts a randomly shuffled stack of QR-coded sheets back together exactly', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 3 });
    const { pdf, truth } = await ingestion.scans.generate({
      copies: students.slice(0, 5).map((student) => ({ student })),
      pagesPerCopy: 3,
      seed: 21,
      dpi: 150,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId, prenamed: true },
      shuffle: true,
    });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    expect(batch).toMatchObject({ status: 'completed', copies: 5, reviewItems: 0 });
    const copies = await waitForCopies(svc, batch.id, 5);
    for (const copy of copies) {
      expect(copy).toMatchObject({ assembly: 'qr', complete: true, missingPages: [] });
      const copyIndex = copy.sheet!.slot - 1;
      expect(copy.sheet!.studentId).toBe(truth.copies[copyIndex]!.studentId);
      expect(truthOf(copy, truth)).toEqual([1, 2, 3].map((n) => [n, copyIndex, n]));
    }
  });

  it('quarantines only the copy that misses a page', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 3 });
    const { pdf, truth } = await ingestion.scans.generate({
      copies: students.slice(0, 3).map((student) => ({ student })),
      pagesPerCopy: 3,
      seed: 31,
      dpi: 150,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      dropPages: [4],
    });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    const copies = (await waitForCopies(svc, batch.id, 3)).sort((a, b) => a.sheet!.slot - b.sheet!.slot);
    expect(copies.map((c) => [c.sheet!.slot, c.complete, c.missingPages])).toEqual([
      [1, true, []],
      [2, false, [2]],
      [3, true, []],
    ]);
    expect(truthOf(copies[1]!, truth)).toEqual([
      [1, 1, 1],
      [3, 1, 3],
    ]);
    expect(await review(batch.id)).toEqual([]);
  });

  it('sends a page scanned twice to review as a collision, both scans, rather than picking one', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const { pdf } = await ingestion.scans.generate({
      copies: students.slice(0, 2).map((student) => ({ student })),
      pagesPerCopy: 2,
      seed: 41,
      dpi: 150,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      duplicatePages: [1],
    });
    const batch = await uploadAndProcess(svc, staff, examId, pdf);
    const copies = (await waitForCopies(svc, batch.id, 2)).sort((a, b) => a.sheet!.slot - b.sheet!.slot);
    expect(copies.map((c) => [c.sheet!.slot, c.complete, c.missingPages])).toEqual([
      [1, false, [2]],
      [2, true, []],
    ]);
    const items = await review(batch.id);
    expect(items.map((i) => [i.reason, i.sheetCode])).toEqual([
      ['collision', { slot: 1, page: 2 }],
      ['collision', { slot: 1, page: 2 }],
    ]);
  });
});
