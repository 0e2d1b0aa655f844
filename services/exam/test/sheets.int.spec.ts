import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { decodeSheetCode, type ExamView, type SheetCodeData } from '@gradeline/contracts';
import { createRasteriser, readSheetQr, tenantGuardOf, type Rasteriser } from '@gradeline/pdf';
import { eventually } from '@gradeline/runtime/testing';
import type * as Pdfium from '@hyzyla/pdfium' with { 'resolution-mode': 'import' };
import { addStaff, as, createExam, moveExam, rows, startExamService, type ExamTestService, type Headers } from './support';

// The package's typings are ESM-only; its CommonJS build is what runs under jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PDFiumLibrary } = require('@hyzyla/pdfium') as typeof Pdfium;

/** What a PDF reader finds in the file: page count and each page's text. */
async function readPdf(bytes: Buffer): Promise<string[]> {
  const wasm = await fs.readFile(require.resolve('@hyzyla/pdfium/pdfium.wasm'));
  const library = await PDFiumLibrary.init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
  try {
    const doc = await library.loadDocument(new Uint8Array(bytes));
    const texts = Array.from({ length: doc.getPageCount() }, (_, i) => doc.getPage(i).getText());
    doc.destroy();
    return texts;
  } finally {
    library.destroy();
  }
}

describe('coded answer sheets', () => {
  let svc: ExamTestService;
  let rasteriser: Rasteriser;
  const tenantId = randomUUID();
  let owner: Headers;
  let exam: ExamView;

  beforeAll(async () => {
    svc = await startExamService();
    rasteriser = await createRasteriser({ dpi: 150 });
    owner = await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId));
    exam = await createExam(svc, owner, { name: 'Devoir surveillé — Électricité', classNames: ['3B'], pagesPerCopy: 2 });
  });
  afterAll(async () => {
    rasteriser.close();
    await svc.close();
  });

  const sheets = (query: string, headers = owner, examId = exam.id) => svc.app.inject({ url: `/exams/${examId}/sheets.pdf${query}`, headers });

  /** Every page's QR code, read back from a 150 dpi rendering as a scanner would see it. */
  async function codesOf(pdf: Buffer, pages: number): Promise<SheetCodeData[]> {
    const codes: SheetCodeData[] = [];
    for (let i = 0; i < pages; i++) {
      const { jpeg } = await rasteriser.renderBytes(pdf, i);
      const reading = await readSheetQr(jpeg);
      expect(reading).toMatchObject({ orientation: 0 });
      codes.push(decodeSheetCode(reading!.text)!);
    }
    return codes;
  }

  it('prints N unnamed copies of A4 pages whose QR codes name the school, exam, slot and page', async () => {
    const res = await sheets('?copies=3');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="copies-devoir-surveille-electricite-1-3.pdf"');
    const texts = await readPdf(res.rawPayload);
    expect(texts).toHaveLength(6);
    const codes = await codesOf(res.rawPayload, 6);
    expect(codes.map((c) => [c.slot, c.page])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2]]);
    for (const code of codes) expect(code).toMatchObject({ tenantGuard: tenantGuardOf(tenantId), examId: exam.id, studentId: null });
    expect(texts[0]).toContain('NOM :');
    expect(texts[0]).toContain('PRÉNOM :');
    expect(texts[0]).toContain('Né(e) le :');
    expect(texts[1]).not.toContain('NOM :');
    expect(texts[3]).toContain('Page 2/2');
    expect(texts[2]).toContain(`GL1:${tenantGuardOf(tenantId)}:`);
  });

  it('never prints the same slot twice', async () => {
    const res = await sheets('?copies=2');
    const codes = await codesOf(res.rawPayload, 4);
    expect([...new Set(codes.map((c) => c.slot))]).toEqual([4, 5]);
    expect((await svc.app.inject({ url: `/exams/${exam.id}`, headers: owner })).json()).toMatchObject({ sheetSlotsIssued: 5 });
    const audit = await svc.app.inject({ url: `/admin/audit?subjectId=${exam.id}&action=exam.sheets_printed`, headers: await as(svc, tenantId, 'admin') });
    expect(audit.json()).toMatchObject({ total: 2 });
  });

  it('prints one prenamed copy per roster student of the exam’s classes, names in the box, student in the QR code', async () => {
    const roster = [
      { lastName: 'Lefèvre', firstName: 'Anaïs', birthDate: '2011-04-09', className: '3B' },
      { lastName: "N'Diaye", firstName: 'Marie-Ève', birthDate: '2011-12-30', className: '3B' },
      { lastName: 'Ștefănescu', firstName: 'Chloé', birthDate: null, className: '3B' },
      { lastName: 'Autre', firstName: 'Classe', birthDate: null, className: '4A' },
      { lastName: 'Parti', firstName: 'Élève', birthDate: null, className: '3B' },
    ].map((s) => ({ ...s, studentId: randomUUID(), group: null, externalId: null }));
    for (const student of roster) await svc.publish('identity.student.upserted.v1', tenantId, student);
    await svc.publish('identity.student.removed.v1', tenantId, { studentId: roster[4]!.studentId });
    await eventually('the roster', async () => (await rows(svc, 'select removed from roster_entry')).filter((r) => r.removed).length === 1 && (await rows(svc, 'select 1 from roster_entry')).length === 5);
    const res = await sheets('?prenamed=true');
    expect(res.statusCode).toBe(200);
    const texts = await readPdf(res.rawPayload);
    expect(texts).toHaveLength(6);
    const codes = await codesOf(res.rawPayload, 6);
    const firstPages = codes.filter((c) => c.page === 1);
    expect(firstPages.map((c) => c.studentId)).toEqual([roster[0]!.studentId, roster[1]!.studentId, roster[2]!.studentId]);
    expect(firstPages.map((c) => c.slot)).toEqual([6, 7, 8]);
    expect(texts[0]).toContain('LEFÈVRE Anaïs (3B)');
    expect(texts[2]).toContain("N'DIAYE Marie-Ève (3B)");
    expect(texts[4]).toContain('STEFANESCU Chloé (3B)');
    expect(texts.join(' ')).not.toContain('Parti');
  });

  it('refuses what cannot be printed', async () => {
    for (const query of ['', '?copies=2&prenamed=true', '?copies=0', '?copies=501', '?prenamed=false']) {
      expect((await sheets(query)).json()).toMatchObject({ status: 422, code: 'validation_failed' });
    }
    const empty = await createExam(svc, owner, { classNames: ['6C'] });
    expect((await sheets('?prenamed=true', owner, empty.id)).json()).toMatchObject({ status: 409, classNames: ['6C'] });
    const colleague = await as(svc, tenantId, 'teacher', await addStaff(svc, tenantId));
    expect((await sheets('?copies=1', colleague)).statusCode).toBe(403);
    expect((await sheets('?copies=1', await as(svc, randomUUID(), 'admin'))).statusCode).toBe(404);
    await moveExam(svc, owner, empty.id, 'open');
    // Closing needs a scheme and correctors; the state is what matters here.
    expect((await rows(svc, "update exam set status = 'closed' where id = ? returning id", [empty.id])).length).toBe(1);
    expect((await sheets('?copies=1', owner, empty.id)).json()).toMatchObject({ status: 409, currentStatus: 'closed' });
  });
});
