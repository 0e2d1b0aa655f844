import { randomUUID } from 'node:crypto';
import { type AuditPage, type BatchAccepted, type BatchView } from '@gradeline/contracts';
import { corruptPdf, emptyPdf, encryptedPdf, notAPdf, truncatedPdf, vectorPdf } from '@gradeline/testing';
import { Batch } from '../src/modules/batches/batch.entity';
import { IngestionTask } from '../src/modules/tasks/task.entity';
import { multipart, publishedEvents, publishExam, startIngestion, upload, type Headers, type IngestionTest, type IngestionTestService } from './support/ingestion';

jest.setTimeout(60_000);

/**
 * A PDF whole to its last byte whose cross-reference pointer leads into the middle of an object:
 * corrupt, not truncated (the shared corruptPdf fixture points past the end, which reads as truncated).
 */
function brokenXref(valid: Buffer): Buffer {
  const text = valid.toString('latin1');
  return Buffer.from(`${text.slice(0, text.lastIndexOf('startxref'))}startxref\n17\n%%EOF\n`, 'latin1');
}

const MAX_BYTES = 400_000;
const MAX_PAGES = 5;

describe('uploading a scan batch', () => {
  let ingestion: IngestionTest;
  let svc: IngestionTestService;
  let staff: Headers;
  let scan: Buffer;
  const tenantId = randomUUID();

  beforeAll(async () => {
    // No worker replica: these tests are about what the upload itself accepts and keeps.
    ingestion = await startIngestion({ worker: false, env: { UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_MAX_PAGES: String(MAX_PAGES) } });
    svc = ingestion.svc;
    staff = await svc.as({ role: 'teacher', tenantId });
    scan = (await ingestion.scans.generate({ copies: [{ student: null }], pagesPerCopy: 2, seed: 5, dpi: 150 })).pdf;
  });
  afterAll(() => ingestion.close());

  /** Objects under the school's prefix, and batch and task rows: what a refused upload must not leave. */
  async function leftovers(): Promise<{ objects: number; batches: number; tasks: number }> {
    let objects = 0;
    for await (const _ of svc.deps.store.list(`${tenantId}/`)) objects++;
    const em = svc.deps.orm.em.fork();
    return { objects, batches: await em.count(Batch, { tenantId }), tasks: await em.count(IngestionTask, { tenantId }) };
  }

  it('accepts a PDF at once with 202, the batch id and a Location, and records the upload', async () => {
    const examId = await publishExam(svc, tenantId);
    const res = await upload(svc, staff, examId, scan);
    expect(res.statusCode).toBe(202);
    const body = res.json<BatchAccepted>();
    expect(body).toEqual({ batchId: expect.any(String), status: 'queued', pages: 2, duplicate: false });
    expect(res.headers.location).toBe(`/batches/${body.batchId}`);
    const view = (await svc.app.inject({ url: `/batches/${body.batchId}`, headers: staff })).json<BatchView>();
    expect(view).toMatchObject({ examId, status: 'queued', fileName: 'lot.pdf', size: scan.length, pages: 2, pagesDone: 0 });
    expect(await svc.deps.store.head(`${tenantId}/ingestion/${body.batchId}/source.pdf`)).toMatchObject({ size: scan.length });
    const received = (await publishedEvents(svc, 'ingestion.batch.received.v1')).find((e) => e.data.batchId === body.batchId);
    expect(received?.data).toEqual({ batchId: body.batchId, examId, fileName: 'lot.pdf', size: scan.length, sha256: view.sha256 });
    const admin = await svc.as({ role: 'admin', tenantId });
    const audit = (await svc.app.inject({ url: `/admin/audit?action=batch.uploaded&subjectId=${body.batchId}`, headers: admin })).json<AuditPage>();
    expect(audit.items).toEqual([expect.objectContaining({ subjectType: 'batch', details: expect.objectContaining({ examId, pages: 2 }) })]);
  });

  it('accepts the PDF as a raw application/pdf body too', async () => {
    const examId = await publishExam(svc, tenantId);
    const res = await upload(svc, staff, examId, scan, { raw: true });
    expect(res.statusCode).toBe(202);
  });

  it('returns the first batch when the same file is uploaded again, and a new one only when forced', async () => {
    const examId = await publishExam(svc, tenantId);
    const first = (await upload(svc, staff, examId, scan)).json<BatchAccepted>();
    const again = await upload(svc, staff, examId, scan);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first, duplicate: true });
    const forced = await upload(svc, staff, examId, scan, { force: true });
    expect(forced.statusCode).toBe(202);
    expect(forced.json<BatchAccepted>().batchId).not.toBe(first.batchId);
    const list = (await svc.app.inject({ url: `/exams/${examId}/batches`, headers: staff })).json<{ total: number }>();
    expect(list.total).toBe(2);
    // The duplicate's bytes were deleted as soon as it was recognised: one source per batch.
    let sources = 0;
    for await (const o of svc.deps.store.list(`${tenantId}/ingestion/`)) if (o.key.endsWith('/source.pdf')) sources++;
    expect(sources).toBe(await svc.deps.orm.em.fork().count(Batch, { tenantId }));
  });

  describe('refusals, each with its own problem and nothing kept', () => {
    let examId: string;
    let before: Awaited<ReturnType<typeof leftovers>>;

    beforeAll(async () => {
      examId = await publishExam(svc, tenantId);
    });
    beforeEach(async () => {
      before = await leftovers();
    });

    const cases: Array<[string, () => Promise<Buffer> | Buffer, number, string]> = [
      ['a PNG image', () => notAPdf('png'), 415, 'upload_not_pdf'],
      ['a text file', () => notAPdf('text'), 415, 'upload_not_pdf'],
      ['a truncated PDF', () => truncatedPdf(scan), 422, 'upload_truncated'],
      ['a PDF cut short', () => corruptPdf(3), 422, 'upload_truncated'],
      ['a corrupt PDF', () => brokenXref(scan), 422, 'upload_corrupt'],
      ['an encrypted PDF', () => encryptedPdf({ userPassword: 'secret' }), 422, 'upload_encrypted'],
      ['a PDF without pages', () => emptyPdf(), 422, 'upload_empty'],
      [`a PDF of more than ${MAX_PAGES} pages`, () => vectorPdf(MAX_PAGES + 1, 2), 422, 'upload_too_many_pages'],
      ['a file larger than the limit', () => Buffer.concat([scan, Buffer.alloc(MAX_BYTES, 0x20)]), 413, 'payload_too_large'],
    ];

    it.each(cases)('refuses %s', async (_what, file, status, code) => {
      const res = await upload(svc, staff, examId, await file());
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status, code, detail: expect.any(String) });
      expect(await leftovers()).toEqual(before);
    });

    it('refuses a form without the file field', async () => {
      const form = multipart(scan, { field: 'document' });
      const res = await svc.app.inject({ method: 'POST', url: `/exams/${examId}/batches`, headers: { ...staff, ...form.headers }, payload: form.payload });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'upload_missing_file' });
      expect(await leftovers()).toEqual(before);
    });

    it('answers 404 for an exam it does not know, and 409 for an exam that is not open', async () => {
      expect((await upload(svc, staff, randomUUID(), scan)).json()).toMatchObject({ status: 404, code: 'not_found' });
      const draft = await publishExam(svc, tenantId, { status: 'draft' });
      expect((await upload(svc, staff, draft, scan)).json()).toMatchObject({ status: 409, code: 'exam_not_open' });
      const closed = await publishExam(svc, tenantId, { status: 'open' });
      await publishExam(svc, tenantId, { examId: closed, status: 'closed', type: 'exam.exam.updated.v1' });
      expect((await upload(svc, staff, closed, scan)).statusCode).toBe(409);
      expect(await leftovers()).toEqual(before);
    });
  });
});
