import { PDFDocument } from 'pdf-lib';
import { type Client, formFile, type Reply } from './client';
import { eventually } from './eventually';

// What people do more than once in the journey, each as they would do it through the public API.

/** Uploads a scanned PDF as a form file and waits until ingestion has made its copies; answers the batch id. */
export async function uploadBatch(who: Client, examId: string, pdf: Buffer, fileName: string): Promise<string> {
  // Ingestion learns that the exam is open from the exam service's event, a moment after the
  // teacher opened it: until then it answers 409 exam_not_open, and a client tries again.
  const accepted = await eventually(`ingestion to accept ${fileName}`, async () => {
    const reply = await who.request('POST', `/exams/${examId}/batches`, formFile('file', fileName, 'application/pdf', pdf));
    return reply.status === 409 && reply.json?.code === 'exam_not_open' ? null : reply;
  }, { timeoutMs: 15_000, intervalMs: 250 });
  if (accepted.status !== 202) throw new Error(`upload of ${fileName} answered ${accepted.status}: ${accepted.text}`);
  const batchId: string = accepted.json.batchId;
  await eventually(
    `batch ${fileName} to be processed`,
    async () => {
      const batch = (await who.get(`/batches/${batchId}`)).json;
      if (batch.status === 'failed') throw new Error(`batch ${fileName} failed: ${batch.errorCode}`);
      return batch.status === 'completed';
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  return batchId;
}

/** Asks for an export, waits until it is done and downloads it; refuses warnings (nothing may be left out). */
export async function runExport(who: Client, examId: string, kind: 'pronote_csv' | 'zip'): Promise<Reply> {
  const requested = await who.post(`/exams/${examId}/exports`, { kind });
  if (requested.status !== 202 || requested.json.warnings.length > 0) throw new Error(`${kind} export answered ${requested.status}: ${requested.text}`);
  const done = await eventually(`the ${kind} export`, async () => {
    const job = (await who.get(`/exports/${requested.json.exportId}`)).json;
    if (job.status === 'failed') throw new Error(`${kind} export failed: ${job.errorCode}`);
    return job.status === 'done' ? job : null;
  });
  const file = await who.get(done.downloadPath);
  if (file.status !== 200) throw new Error(`${kind} download answered ${file.status}`);
  return file;
}

/** The given pages (0-based) of a PDF, as a new PDF: the sheets of one pupil, scanned alone. */
export async function pagesOf(pdf: Buffer, pages: number[]): Promise<Buffer> {
  const source = await PDFDocument.load(pdf);
  const out = await PDFDocument.create();
  for (const page of await out.copyPages(source, pages)) out.addPage(page);
  return Buffer.from(await out.save());
}

/** A surname as Pronote and the exports write it. */
export function upper(name: string): string {
  return name.toLocaleUpperCase('fr-FR');
}

/** What a secretary types in a search box: no accents, no apostrophes. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/'/g, '').toLowerCase();
}
