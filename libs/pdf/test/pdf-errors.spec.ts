import {
  CorruptPdfError,
  EmptyPdfError,
  EncryptedPdfError,
  NotPdfError,
  TooManyPagesError,
  TruncatedPdfError,
  assertPageLimit,
  bufferSource,
  inspectPdf,
} from '../src';
import { makeJpeg, scannedPdf } from './fixtures';
import { classicPdf } from './hand-pdf';

const inspect = (bytes: Buffer) => inspectPdf(bufferSource(bytes));

const catalogAndTree = (tree: string) => [
  { num: 1, body: '<</Type /Catalog /Pages 2 0 R>>' },
  { num: 2, body: tree },
];

describe('validating an upload', () => {
  let good: Buffer;
  beforeAll(async () => {
    good = await scannedPdf([{ jpeg: await makeJpeg(60, 80, 1) }, { jpeg: await makeJpeg(60, 80, 2) }], false);
  });

  it('accepts a good PDF', async () => {
    expect(await inspect(good)).toEqual({ pageCount: 2, version: '1.7', encrypted: false });
  });

  it('rejects a file that is not a PDF', async () => {
    await expect(inspect(await makeJpeg(60, 80, 1))).rejects.toBeInstanceOf(NotPdfError);
    await expect(inspect(Buffer.alloc(0))).rejects.toMatchObject({ code: 'upload_not_pdf', status: 415 });
  });

  it('rejects a PDF cut short', async () => {
    await expect(inspect(good.subarray(0, Math.floor(good.length * 0.6)))).rejects.toBeInstanceOf(TruncatedPdfError);
    // The tail survived but the middle is gone: startxref points past the end.
    const text = good.toString('latin1');
    const tail = Buffer.from(text.slice(text.lastIndexOf('startxref')), 'latin1');
    await expect(inspect(Buffer.concat([good.subarray(0, 300), tail]))).rejects.toMatchObject({ code: 'upload_truncated' });
  });

  it('rejects a PDF whose cross-reference table is garbage', async () => {
    const text = good.toString('latin1');
    const at = text.lastIndexOf('xref\n0 ');
    const broken = Buffer.from(text.slice(0, at + 5) + 'zz qq\nnot a table at all\n' + text.slice(text.indexOf('trailer', at)), 'latin1');
    await expect(inspect(broken)).rejects.toBeInstanceOf(CorruptPdfError);
  });

  it('rejects a PDF whose startxref points at no cross-reference', async () => {
    const text = good.toString('latin1');
    const broken = Buffer.from(text.replace(/startxref\n\d+/, 'startxref\n20'), 'latin1');
    await expect(inspect(broken)).rejects.toMatchObject({ code: 'upload_corrupt', status: 422 });
  });

  it('rejects a PDF whose objects are not where the table says', async () => {
    const objects = catalogAndTree('<</Type /Pages /Kids [3 0 R] /Count 1>>');
    const pdf = classicPdf([...objects, { num: 3, body: '<</Type /Page /Parent 2 0 R>>' }], ' /Root 1 0 R');
    const shifted = Buffer.from(pdf.toString('latin1').replace('3 0 obj', 'X 0 obj'), 'latin1');
    await expect(inspect(shifted)).rejects.toBeInstanceOf(CorruptPdfError);
  });

  it('rejects an encrypted PDF', async () => {
    const objects = [
      ...catalogAndTree('<</Type /Pages /Kids [3 0 R] /Count 1>>'),
      { num: 3, body: '<</Type /Page /Parent 2 0 R /MediaBox [0 0 100 100]>>' },
      { num: 4, body: '<</Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00>>>' },
    ];
    await expect(inspect(classicPdf(objects, ' /Root 1 0 R /Encrypt 4 0 R'))).rejects.toBeInstanceOf(EncryptedPdfError);
  });

  it('rejects a PDF without pages', async () => {
    const pdf = classicPdf(catalogAndTree('<</Type /Pages /Kids [] /Count 0>>'), ' /Root 1 0 R');
    await expect(inspect(pdf)).rejects.toBeInstanceOf(EmptyPdfError);
  });

  it('rejects a PDF without a catalog', async () => {
    const pdf = classicPdf([{ num: 1, body: '<</Type /Font>>' }], ' /Info 1 0 R');
    await expect(inspect(pdf)).rejects.toBeInstanceOf(CorruptPdfError);
  });

  it('tells the caller when a batch has more pages than allowed', () => {
    expect(() => assertPageLimit(2_500, 2_500)).not.toThrow();
    expect(() => assertPageLimit(2_501, 2_500)).toThrow(TooManyPagesError);
    try {
      assertPageLimit(2_501, 2_500);
    } catch (error) {
      expect(error).toMatchObject({ code: 'upload_too_many_pages', details: { extensions: { pageCount: 2_501, maxPages: 2_500 } } });
    }
  });
});
