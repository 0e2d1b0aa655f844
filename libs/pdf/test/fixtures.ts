import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import sharp from 'sharp';

export const A4_PT = { width: 595.28, height: 841.89 };
export const A4_AT_200 = { width: 1654, height: 2339 };

/** A small scanned-looking JPEG: a grey page with a dark block placed by `seed`, so pages differ. */
export async function makeJpeg(width: number, height: number, seed: number, grey = true): Promise<Buffer> {
  const x = (seed * 37) % Math.max(1, width - 20);
  const y = (seed * 53) % Math.max(1, height - 20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="rgb(${240 - seed},${235},${230})"/>
    <rect x="${x}" y="${y}" width="20" height="20" fill="black"/></svg>`;
  const pipeline = sharp(Buffer.from(svg));
  return (grey ? pipeline.toColourspace('b-w') : pipeline).jpeg({ quality: 80 }).toBuffer();
}

/** A JPEG of noise: large for its size, like a real scan, so range tests see distinct blocks. */
export function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .toColourspace('b-w')
    .jpeg({ quality: 90 })
    .toBuffer();
}

export interface ScannedPage {
  jpeg: Buffer;
  widthPt?: number;
  heightPt?: number;
  rotate?: number;
}

/** A scanner-style PDF made with pdf-lib: one JPEG drawn over each whole page. */
export async function scannedPdf(pages: ScannedPage[], useObjectStreams: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of pages) {
    const image = await doc.embedJpg(p.jpeg);
    const w = p.widthPt ?? A4_PT.width;
    const h = p.heightPt ?? A4_PT.height;
    const page = doc.addPage([w, h]);
    page.drawImage(image, { x: 0, y: 0, width: w, height: h });
    if (p.rotate) page.setRotation(degrees(p.rotate));
  }
  return Buffer.from(await doc.save({ useObjectStreams }));
}

/** Invented exam text: enough lines, with the ascenders and descenders of ordinary prose. */
export const EXAM_LINES = [
  'Exercice 1. Calculer la derivee de la fonction f definie sur R par f(x) = 3x + 2.',
  'Justifier chaque etape du raisonnement et donner le resultat sous forme simplifiee.',
  'Exercice 2. Une urne contient quatre boules blanches et six boules noires identiques.',
  'On tire successivement deux boules sans remise. Quelle est la probabilite de tirer',
  'deux boules de la meme couleur ? Representer la situation par un arbre pondere.',
  'Exercice 3. The hydrogen atom holds a single electron bound to the nucleus by the',
  'electrostatic force. Explain briefly why the spectral lines of hydrogen are discrete.',
  'Exercice 4. Lire attentivement le texte suivant puis repondre aux questions posees.',
  'Les eleves redigeront une reponse argumentee de quinze lignes au minimum, en citant',
  'le texte. La qualite de la redaction et de l orthographe sera prise en compte.',
];

/** A vector exam page (pdf-lib, standard Helvetica: no system font needed). */
export async function textPagePdf(lines = EXAM_LINES): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([A4_PT.width, A4_PT.height]);
  page.drawRectangle({ x: 30, y: 720, width: 535, height: 90, borderWidth: 1.5 });
  page.drawText('NOM : ______________________   Prenom : ____________________', { x: 45, y: 780, size: 12, font: bold });
  page.drawText('Epreuve de sciences - Classe de premiere - Session de juin', { x: 45, y: 745, size: 11, font });
  let y = 680;
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const line of lines) {
      page.drawText(line, { x: 40, y, size: 10.5, font });
      y -= 19;
    }
  }
  page.drawText('Page 1 / 4', { x: 270, y: 30, size: 9, font });
  return Buffer.from(await doc.save());
}
