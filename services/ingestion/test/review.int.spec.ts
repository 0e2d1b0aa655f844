import { randomUUID } from 'node:crypto';
import { type AssembledCopyList, type AssembledCopyView, type AuditPage, type ReviewItemView, type ReviewList, type ScanPageImages } from '@gradeline/contracts';
import { tenantGuardOf } from '@gradeline/pdf';
import { eventually } from '@gradeline/runtime/testing';
import { assembledCopies, publishExam, startIngestion, uploadAndProcess, type Headers, type IngestionTest, type IngestionTestService } from './support/ingestion';

jest.setTimeout(60_000);

describe('reviewing a batch', () => {
  let ingestion: IngestionTest;
  let svc: IngestionTestService;
  let staff: Headers;
  let batchId: string;
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion();
    svc = ingestion.svc;
    staff = await svc.as({ role: 'teacher', tenantId });
    // Sheets printed with 3 pages for an exam of 2: every page 3 is extra. Copy 1's page 2 was
    // scanned twice (a collision), copy 2's page 2 is missing.
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const { pdf } = await ingestion.scans.generate({
      copies: [{ student: null }, { student: null }, { student: null }],
      pagesPerCopy: 3,
      seed: 61,
      dpi: 150,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      duplicatePages: [1],
      dropPages: [4],
    });
    batchId = (await uploadAndProcess(svc, staff, examId, pdf)).id;
  });
  afterAll(() => ingestion.close());

  const items = async () => (await svc.app.inject({ url: `/batches/${batchId}/review`, headers: staff })).json<ReviewList>().items;
  const copies = async () => (await svc.app.inject({ url: `/batches/${batchId}/copies`, headers: staff })).json<AssembledCopyList>().items;
  const slot = async (n: number) => (await copies()).find((c) => c.ordinal === n && c.assembly === 'qr')!;
  const post = (url: string, payload: object, version?: number) =>
    svc.app.inject({ method: 'POST', url, headers: { ...staff, ...(version === undefined ? {} : { 'if-match': `"${version}"` }) }, payload });
  const latestEvent = async (copyId: string) =>
    (await assembledCopies(svc, batchId)).find((c) => c.copyId === copyId);

  it('lists what did not fit, with thumbnails served only through signed links', async () => {
    const list = await items();
    expect(list.map((i) => [i.reason, i.sheetCode])).toEqual(
      expect.arrayContaining([
        ['collision', { slot: 1, page: 2 }],
        ['collision', { slot: 1, page: 2 }],
        ['extra', { slot: 1, page: 3 }],
        ['extra', { slot: 2, page: 3 }],
        ['extra', { slot: 3, page: 3 }],
      ]),
    );
    expect(list).toHaveLength(5);
    const url = new URL(list[0]!.thumbnailUrl!);
    const image = await svc.app.inject({ url: url.pathname.replace('/api/v1/files/ingestion', '/files') });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toContain('no-store');
    const copy1 = await slot(1);
    expect([copy1.status, copy1.missingPages, (await slot(2)).missingPages, (await slot(3)).status]).toEqual(['incomplete', [2], [2], 'complete']);
  });

  it('requires the version read in If-Match, and answers a stale one with the current state', async () => {
    const [item] = (await items()).filter((i) => i.reason === 'collision');
    const copy = await slot(1);
    const got = await svc.app.inject({ url: `/batches/${batchId}/review/${item!.id}`, headers: staff });
    expect(got.headers.etag).toBe('"1"');
    const body = { copyId: copy.id, pageNumber: 2 };
    expect((await post(`/batches/${batchId}/review/${item!.id}/assign`, body)).json()).toMatchObject({ status: 428, code: 'precondition_required' });
    const stale = await post(`/batches/${batchId}/review/${item!.id}/assign`, body, 7);
    expect(stale.json()).toMatchObject({ status: 409, code: 'version_conflict', current: { id: item!.id, status: 'open', version: 1 } });
    expect((await items()).find((i) => i.id === item!.id)!.status).toBe('open');
  });

  it('places a collision page, refuses the second one for the same place, and sets it aside', async () => {
    const [first, second] = (await items()).filter((i) => i.reason === 'collision');
    const copy = await slot(1);
    const placed = await post(`/batches/${batchId}/review/${first!.id}/assign`, { copyId: copy.id, pageNumber: 2 }, 1);
    expect(placed.statusCode).toBe(200);
    expect(placed.headers.etag).toBe('"2"');
    expect(placed.json<ReviewItemView>()).toMatchObject({ status: 'assigned', assignedCopyId: copy.id, version: 2 });
    const taken = await post(`/batches/${batchId}/review/${second!.id}/assign`, { copyId: copy.id, pageNumber: 2 }, 1);
    expect(taken.json()).toMatchObject({ status: 409, code: 'conflict' });
    const discarded = await post(`/batches/${batchId}/review/${second!.id}/discard`, {}, 1);
    expect(discarded.json<ReviewItemView>()).toMatchObject({ status: 'discarded', version: 2 });
    // The copy has both pages now, republished as revision 2, still in quarantine until someone lifts it.
    await eventually('revision 2 published', async () => (await latestEvent(copy.id))?.revision === 2);
    expect(await latestEvent(copy.id)).toMatchObject({ complete: false, missingPages: [], pages: [{ number: 1 }, { number: 2 }] });
  });

  it('lifts the quarantine of a copy that has all its pages', async () => {
    const copy = await slot(1);
    const res = await post(`/batches/${batchId}/copies/${copy.id}/complete`, {}, copy.version);
    expect(res.statusCode).toBe(200);
    expect(res.json<AssembledCopyView>()).toMatchObject({ status: 'complete', revision: 3, missingPages: [] });
    await eventually('revision 3 published', async () => (await latestEvent(copy.id))?.revision === 3);
    expect(await latestEvent(copy.id)).toMatchObject({ complete: true, assembly: 'qr' });
  });

  it('fills a missing page from the review list, or starts a new copy with a page', async () => {
    const extras = (await items()).filter((i) => i.reason === 'extra');
    const copy2 = await slot(2);
    const filled = await post(`/batches/${batchId}/review/${extras.find((i) => i.sheetCode!.slot === 3)!.id}/assign`, { copyId: copy2.id, pageNumber: 2 }, 1);
    expect(filled.statusCode).toBe(200);
    expect(await slot(2)).toMatchObject({ missingPages: [], status: 'incomplete', revision: 2 });
    const fresh = await post(`/batches/${batchId}/review/${extras.find((i) => i.sheetCode!.slot === 2)!.id}/assign`, { newCopy: true, pageNumber: 1 }, 1);
    const newCopyId = fresh.json<ReviewItemView>().assignedCopyId!;
    await eventually('the new copy published', async () => (await latestEvent(newCopyId)) !== undefined);
    expect(await latestEvent(newCopyId)).toMatchObject({ revision: 1, assembly: 'review', complete: false, missingPages: [2], sheet: null });
    const both = await post(`/batches/${batchId}/review/${extras[0]!.id}/assign`, { copyId: copy2.id, newCopy: true, pageNumber: 1 }, 1);
    expect(both.json()).toMatchObject({ status: 422, code: 'validation_failed', errors: [{ path: 'body.copyId' }] });
  });

  it('accepts a copy with a page missing only with a reason', async () => {
    const created = (await copies()).find((c) => c.assembly === 'review')!;
    const url = `/batches/${batchId}/copies/${created.id}/complete`;
    expect((await post(url, {}, created.version)).json()).toMatchObject({ status: 409, code: 'copy_incomplete', missingPages: [2] });
    expect((await post(url, { acceptIncomplete: true }, created.version)).json()).toMatchObject({ status: 422, errors: [{ path: 'body.reason' }] });
    const accepted = await post(url, { acceptIncomplete: true, reason: "L'élève n'a rendu qu'une feuille." }, created.version);
    expect(accepted.json<AssembledCopyView>()).toMatchObject({ status: 'accepted_incomplete', missingPages: [2] });
    await eventually('the accepted copy published', async () => (await latestEvent(created.id))?.revision === 2);
    expect(await latestEvent(created.id)).toMatchObject({ complete: true, missingPages: [2] });
  });

  it('audits every review action, with ids and codes only', async () => {
    const admin = await svc.as({ role: 'admin', tenantId });
    const audit = async (action: string) =>
      (await svc.app.inject({ url: `/admin/audit?action=${action}`, headers: admin })).json<AuditPage>().items;
    expect(await audit('review.page_assigned')).toHaveLength(3);
    expect(await audit('review.page_discarded')).toHaveLength(1);
    const lifted = await audit('copy.quarantine_lifted');
    expect(lifted.map((e) => e.details['status']).sort()).toEqual(['accepted_incomplete', 'complete']);
    expect(JSON.stringify(lifted)).not.toContain('feuille');
  });

  it('hands out signed links to page images, for page numbers of the PDF that exist', async () => {
    const page = await svc.app.inject({ url: `/batches/${batchId}/pages/1`, headers: staff });
    const body = page.json<ScanPageImages>();
    expect(body).toMatchObject({ scanPage: 1, images: [{ side: 'full', url: expect.stringMatching(/^http:\/\/gradeline\.test\/api\/v1\/files\/ingestion\//) }] });
    const image = await svc.app.inject({ url: new URL(body.images[0]!.url).pathname.replace('/api/v1/files/ingestion', '/files') });
    expect(image.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((await svc.app.inject({ url: `/batches/${batchId}/pages/99`, headers: staff })).statusCode).toBe(404);
  });
});
