import { PDFDocument } from 'pdf-lib';
import { pdfText } from '../../../test/support/pdf-text';
import { embedFonts } from './fonts';
import { cleanText } from './text-layout';

async function pdfWith(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  doc.addPage().drawText(text, { font: fonts.regular, size: 9, x: 20, y: 400 });
  doc.addPage().drawText(text, { font: fonts.bold, size: 9, x: 20, y: 400 });
  return doc.save();
}

describe('the shared embedded fonts', () => {
  it('keep every letter extractable across documents, even one first met inside an accented letter', async () => {
    expect(await pdfText(await pdfWith('Élève Émile Ïlot'))).toEqual(['Élève Émile Ïlot', 'Élève Émile Ïlot']);
    expect(await pdfText(await pdfWith('EIL : FIN-DU-COMMENTAIRE'))).toEqual(['EIL : FIN-DU-COMMENTAIRE', 'EIL : FIN-DU-COMMENTAIRE']);
  });

  it('draw decomposed accents as the precomposed letters people typed', async () => {
    const decomposed = 'E\u0301le\u0300ve';
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    doc.addPage().drawText(cleanText(decomposed), { font: fonts.regular, size: 9, x: 20, y: 400 });
    expect(await pdfText(await doc.save())).toEqual(['Élève']);
  });

  it('draws text with characters the font lacks (an emoji) without failing or losing the rest', async () => {
    const text = (await pdfText(await pdfWith('Bravo 😀 continue ✓'))).join(' ');
    expect(text).toContain('Bravo');
    expect(text).toContain('continue ✓');
  });
});
