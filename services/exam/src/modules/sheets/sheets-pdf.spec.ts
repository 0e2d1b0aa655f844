import { DEFAULT_HEADER_REGION } from '@gradeline/contracts';
import { bufferSource, openPdf } from '@gradeline/pdf';
import { renderSheets, type SheetsDocument } from './sheets-pdf';

const doc = (copies: number): SheetsDocument => ({
  tenantGuard: 'abcdef12',
  examId: '0b7c1f52-6f9e-4d3a-9a55-1c2d3e4f5a6b',
  title: 'Contrôle — Mathématiques — 12/03/2026',
  pagesPerCopy: 3,
  headerRegion: DEFAULT_HEADER_REGION,
  copies: Array.from({ length: copies }, (_, i) => ({ slot: i + 1, studentId: null, student: null })),
});

describe('the answer-sheet PDF', () => {
  it('comes out copy by copy: a header chunk, one chunk per copy, then the page tree and xref', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of renderSheets(doc(4))) chunks.push(chunk);
    expect(chunks).toHaveLength(1 + 4 + 1);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const reader = await openPdf(bufferSource(pdf));
    expect(reader.pageCount).toBe(12);
    const page = await reader.page(11);
    expect([Math.round(page.widthPt), Math.round(page.heightPt)]).toEqual([595, 842]);
  });

  it('costs a few kilobytes per page', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of renderSheets(doc(10))) chunks.push(chunk);
    const perPage = Buffer.concat(chunks).length / 30;
    expect(perPage).toBeLessThan(8_000);
  });
});
