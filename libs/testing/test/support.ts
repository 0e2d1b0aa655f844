// Test-side readers for the fixtures: they never reuse the generators' own code, so a test
// checks the bytes the way a consumer (pdf-lib, poppler, a QR reader, a CSV parser) sees them.
import { spawnSync } from 'node:child_process';
import jsQR from 'jsqr';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';

export interface PageImage {
  filter: string | undefined;
  colorSpace: string | undefined;
  width: number;
  height: number;
  bytes: Buffer;
}

export interface PdfPage {
  widthPt: number;
  heightPt: number;
  images: PageImage[];
}

/** Every page's size and the image XObjects it draws, read with pdf-lib. */
export async function pdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    const images = (xobjects?.entries() ?? []).map(([, ref]) => {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) throw new Error('an XObject that is not a raw stream');
      const num = (key: string) => stream.dict.lookup(PDFName.of(key), PDFNumber).asNumber();
      return {
        filter: stream.dict.get(PDFName.of('Filter'))?.toString(),
        colorSpace: stream.dict.get(PDFName.of('ColorSpace'))?.toString(),
        width: num('Width'),
        height: num('Height'),
        bytes: Buffer.from(stream.contents),
      };
    });
    return { widthPt: page.getWidth(), heightPt: page.getHeight(), images };
  });
}

export function hasBinary(name: string): boolean {
  return !spawnSync(name, ['-v'], { stdio: 'ignore' }).error;
}

/** `pdfimages -list` rows: page, type, width, height, color, comp, enc. */
export function pdfimagesList(path: string) {
  const out = spawnSync('pdfimages', ['-list', path], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`pdfimages failed: ${out.stderr}`);
  return out.stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const c = line.trim().split(/\s+/);
      return { page: Number(c[0]), type: c[2], width: Number(c[3]), height: Number(c[4]), color: c[5], comp: Number(c[6]), enc: c[8] };
    });
}

/**
 * The QR text in the top-right corner of A4 half `half` of a scanned image (turned back first when
 * the sheet was fed upside down), or null.
 */
export async function readCornerQr(jpeg: Buffer, half: number, halves: number, upsideDown: boolean): Promise<string | null> {
  const upright = await sharp(jpeg).rotate(upsideDown ? 180 : 0).toBuffer();
  const { width = 0, height = 0 } = await sharp(upright).metadata();
  const a4 = width / halves;
  const region = { left: Math.round(a4 * half + a4 * 0.78), top: 0, width: Math.round(a4 * 0.22), height: Math.round(height * 0.17) };
  const { data, info } = await sharp(upright).extract(region).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"' && (quoted || field === '')) {
      quoted = !quoted;
    } else if (quoted || (c !== delimiter && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === delimiter) {
      endField();
    } else {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
