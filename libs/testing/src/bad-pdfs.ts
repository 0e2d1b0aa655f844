import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sentence } from './lorem';
import { standardSecurity } from './pdf-encryption';
import { buildPdf, PDF_HEADER } from './pdf-syntax';
import { createRandom } from './random';

/** Fixtures for upload validation: files that claim to be PDFs and are not, or are but cannot be used. */

/** A 1x1 PNG (to upload under a .pdf name), or plain text. */
export function notAPdf(kind: 'png' | 'text' = 'png'): Buffer {
  if (kind === 'text') return Buffer.from('Nom;Prénom;Note\nMARTIN;Léa;12\n', 'utf8');
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAFNR6sQAAAABJRU5ErkJggg==',
    'base64',
  );
}

/** `valid` cut at `fraction` of its length (default the middle): no trailer, a broken object. */
export function truncatedPdf(valid: Buffer, fraction = 0.5): Buffer {
  return Buffer.from(valid.subarray(0, Math.max(PDF_HEADER.length, Math.floor(valid.length * fraction))));
}

/**
 * Starts like a PDF, then garbage: an unterminated catalog, binary noise, a stream whose /Length
 * lies and that never ends, a bogus xref and a startxref past the end of the file.
 */
export function corruptPdf(seed = 1): Buffer {
  const random = createRandom(seed, 6);
  const noise = () => Buffer.from(Array.from({ length: 2048 }, () => random.int(0, 255)));
  return Buffer.concat([
    PDF_HEADER,
    Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Kids [3 0 R\n', 'latin1'),
    noise(),
    Buffer.from('\nendobj\n2 0 obj\n<< /Length 99 >>\nstream\n', 'latin1'),
    noise(),
    Buffer.from('\nxref\n0 4\nzzzzzzzzzz 65535 f \ntrailer\n<< /Size 4 /Root 9 0 R >>\nstartxref\n99999999\n%%EOF\n', 'latin1'),
  ]);
}

/** The catalog, page tree and one Helvetica text page of a one-page hand-written PDF. */
function onePageObjects(content: Buffer) {
  return [
    { body: '<< /Type /Catalog /Pages 2 0 R >>' },
    { body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
    { body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>' },
    { body: '<< >>', stream: content },
    { body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' },
  ];
}

/**
 * A valid one-page PDF encrypted with the standard security handler (RC4 128-bit, revision 3).
 * With the default empty user password it opens without a prompt but is still encrypted.
 */
export function encryptedPdf(options: { userPassword?: string; ownerPassword?: string } = {}): Buffer {
  const fileId = createHash('md5').update('gradeline encrypted fixture').digest();
  const security = standardSecurity(options.userPassword ?? '', options.ownerPassword ?? 'proprietaire', fileId);
  const content = Buffer.from('BT /F1 24 Tf 72 760 Td (Sujet confidentiel) Tj ET', 'latin1');
  const objects = onePageObjects(security.encrypt(4, content));
  const id = fileId.toString('hex');
  return buildPdf([...objects, { body: security.dictionary }], `/Encrypt 6 0 R /ID [<${id}> <${id}>] `);
}

/** A well-formed PDF with an empty page tree. */
export function emptyPdf(): Buffer {
  return buildPdf([{ body: '<< /Type /Catalog /Pages 2 0 R >>' }, { body: '<< /Type /Pages /Kids [] /Count 0 >>' }]);
}

/** A born-digital PDF (text drawn by pdf-lib, no images): what ingestion must rasterise. */
export async function vectorPdf(pages = 1, seed = 1): Promise<Buffer> {
  const random = createRandom(seed, 8);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // Helvetica covers WinAnsi only: the odd mathematical sign in a sentence becomes '?'.
  const known = new Set(font.getCharacterSet());
  const sentenceFor = () => [...sentence(random)].map((c) => (known.has(c.codePointAt(0)!) ? c : '?')).join('');
  for (let k = 1; k <= pages; k++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Exercice ${k}`, { x: 56, y: 780, size: 16, font });
    for (let line = 0; line < 12; line++) page.drawText(sentenceFor(), { x: 56, y: 740 - line * 22, size: 11, font });
    page.drawText(`Page ${k}/${pages}`, { x: 280, y: 30, size: 10, font });
  }
  return Buffer.from(await doc.save());
}
