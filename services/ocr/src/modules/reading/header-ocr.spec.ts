import { type HeaderOcr, type OcrText, recogniseHeader, type RecogniseOptions } from './header-ocr';

/** An engine that "reads" each image as the text it holds, and records what it was asked. */
function fakeOcr(): HeaderOcr & { calls: Array<{ text: string; singleLine: boolean }> } {
  const calls: Array<{ text: string; singleLine: boolean }> = [];
  return {
    calls,
    recognise(image: Buffer, options: RecogniseOptions = {}): Promise<OcrText> {
      calls.push({ text: image.toString(), singleLine: options.singleLine === true });
      return Promise.resolve({ text: `${image.toString()}\n`, confidence: 0.9 });
    },
  };
}

const page = Buffer.from('Écrire en MAJUSCULES\nNOM : LEMAIRE\nPRÉNOM : Hugo\nNé(e) le : 02/11/2010');

describe('reading a prepared header', () => {
  it("reads a form's comb rows as single lines, one text line each, and not the whole crop", async () => {
    const ocr = fakeOcr();
    const lines = ['NOM : LEMAIRE', 'PRÉNOM : Hugo', 'Né(e) le : 02/11/2010'].map((l) => Buffer.from(l));
    const read = await recogniseHeader(ocr, { kind: 'lines', lines, page });
    expect(read.text).toBe('NOM : LEMAIRE\nPRÉNOM : Hugo\nNé(e) le : 02/11/2010');
    expect(ocr.calls.every((c) => c.singleLine)).toBe(true);
    expect(ocr.calls).toHaveLength(3);
  });

  it('reads the whole crop when the rows hold no label (labels printed elsewhere on the form)', async () => {
    const ocr = fakeOcr();
    const lines = ['LEMAIRE', 'Hugo', '02/11/2010'].map((l) => Buffer.from(l));
    const read = await recogniseHeader(ocr, { kind: 'lines', lines, page });
    expect(read.text).toContain('NOM : LEMAIRE');
    expect(ocr.calls.at(-1)).toEqual({ text: page.toString(), singleLine: false });
  });

  it('reads a crop without a form as a page', async () => {
    const ocr = fakeOcr();
    await recogniseHeader(ocr, { kind: 'page', page });
    expect(ocr.calls).toEqual([{ text: page.toString(), singleLine: false }]);
  });
});
