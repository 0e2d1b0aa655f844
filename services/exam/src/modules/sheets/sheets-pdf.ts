import { setImmediate as nextTurn } from 'node:timers/promises';
import { deflateSync } from 'node:zlib';
import { encodeSheetCode, type NormalisedRect } from '@gradeline/contracts';
import { PdfObjectWriter } from './pdf-writer';
import { A4 } from './page-canvas';
import { drawSheetPage, SHEET_FONTS, type PrintedStudent } from './sheet-page';

export interface SheetCopy {
  slot: number;
  /** Prenamed sheets: the roster student, in the QR code and printed in the name box. */
  studentId: string | null;
  student: PrintedStudent | null;
}

export interface SheetsDocument {
  tenantGuard: string;
  examId: string;
  title: string;
  pagesPerCopy: number;
  headerRegion: NormalisedRect;
  copies: SheetCopy[];
}

/**
 * The answer sheets as a PDF, one chunk per copy: each copy's pages are drawn, compressed and
 * handed on before the next copy is started, so memory does not grow with the number of copies,
 * and the event loop gets a turn between copies.
 */
export async function* renderSheets(doc: SheetsDocument): AsyncGenerator<Buffer> {
  const writer = new PdfObjectWriter();
  const fonts = SHEET_FONTS.map((font) => ({ font, num: writer.allocate() }));
  yield Buffer.concat([writer.header(), ...fonts.map(({ font, num }) => writer.object(num, font.dictionary()))]);
  const resources = `<< /Font << ${fonts.map(({ font, num }) => `/${font.resource} ${num} 0 R`).join(' ')} >> >>`;
  const pages: number[] = [];
  for (const copy of doc.copies) {
    const chunk: Buffer[] = [];
    for (let page = 1; page <= doc.pagesPerCopy; page++) {
      const code = encodeSheetCode({ tenantGuard: doc.tenantGuard, examId: doc.examId, slot: copy.slot, page, studentId: copy.studentId });
      const content = drawSheetPage({ code, slot: copy.slot, page, pages: doc.pagesPerCopy, title: doc.title, headerRegion: doc.headerRegion, student: copy.student });
      const [contentNum, pageNum] = [writer.allocate(), writer.allocate()];
      chunk.push(writer.stream(contentNum, '/Filter /FlateDecode', deflateSync(content)));
      chunk.push(
        writer.object(pageNum, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.widthPt} ${A4.heightPt}] /Resources ${resources} /Contents ${contentNum} 0 R >>`),
      );
      pages.push(pageNum);
    }
    yield Buffer.concat(chunk);
    await nextTurn();
  }
  yield writer.end(pages);
}
