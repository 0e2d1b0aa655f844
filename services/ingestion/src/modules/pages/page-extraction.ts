import { decodeSheetCode, type ScanPageSide } from '@gradeline/contracts';
import {
  A3_ASPECT,
  detectUpsideDown,
  readSheetQr,
  rotate180,
  splitA3,
  type PdfDocument,
  type Rasteriser,
  type SheetQrReading,
} from '@gradeline/pdf';
import sharp from 'sharp';
import { type CodeSearch, type Extraction } from './page.entity';

/** One upright page image cut from a PDF page, with the QR text it carried if any. */
export interface PageImage {
  side: ScanPageSide;
  jpeg: Buffer;
  width: number;
  height: number;
  extraction: Exclude<Extraction, 'failed'>;
  /** Clockwise degrees the image was turned to stand upright. */
  turned: number;
  qrText: string | null;
}

interface Extracted {
  jpeg: Buffer;
  width: number;
  height: number;
  extraction: Exclude<Extraction, 'failed'>;
}

/** The page as an image: the embedded JPEG byte for byte when it is a plain scan, else PDFium at 200 dpi. */
export async function extractPage(doc: PdfDocument, index: number, rasteriser: () => Promise<Rasteriser>): Promise<Extracted> {
  const scan = await doc.extractScannedJpeg(index);
  if (scan && scan.rotate === 0) return { jpeg: scan.jpeg, width: scan.widthPx, height: scan.heightPx, extraction: 'passthrough' };
  if (scan) {
    const turned = sharp(scan.jpeg).rotate(scan.rotate);
    const { data, info } = await turned.jpeg({ quality: 90 }).toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height, extraction: 'converted' };
  }
  const raster = await (await rasteriser()).render(doc, index, { dpi: 200 });
  return { jpeg: raster.jpeg, width: raster.widthPx, height: raster.heightPx, extraction: 'rasterised' };
}

/** Turns an image clockwise by 90, 180 or 270 degrees (re-encoded: the bytes cannot stay as scanned). */
async function turn(jpeg: Buffer, degrees: number): Promise<Buffer> {
  if (degrees === 180) return rotate180(jpeg);
  return sharp(jpeg).rotate(degrees).jpeg({ quality: 85 }).toBuffer();
}

async function sizeOf(jpeg: Buffer): Promise<{ width: number; height: number }> {
  const { width = 0, height = 0 } = await sharp(jpeg).metadata();
  return { width, height };
}

/**
 * The page's sheet code, if it carries one. Another QR code (a link printed on the paper) is no
 * sheet code: neither its text nor its orientation is used.
 */
async function sheetCode(jpeg: Buffer, search: CodeSearch, size?: { width: number; height: number }): Promise<SheetQrReading | null> {
  if (search === 'none') return null;
  const reading = await readSheetQr(jpeg, { size, quick: search === 'quick' });
  return reading && decodeSheetCode(reading.text) ? reading : null;
}

/** How much to turn an image clockwise so it stands upright: the QR code's word first, else the text's. */
function correction(code: SheetQrReading | null, upsideDown: boolean): number {
  if (code) return (360 - code.orientation) % 360;
  return upsideDown ? 180 : 0;
}

/**
 * Cuts a page into upright images: one for an A4 page, two (left, right) for an A3 sheet side.
 * `search` says how hard to look for a sheet code (see CodeSearch): a page without a code is the
 * expensive case of the full search.
 */
export async function pageImages(page: Extracted, search: CodeSearch): Promise<PageImage[]> {
  if (page.width / page.height > A3_ASPECT) return a3Halves(page, search);
  const code = await sheetCode(page.jpeg, search, page);
  return [await upright(page, 'full', code, code ? false : await detectUpsideDown(page.jpeg))];
}

async function upright(page: Extracted, side: ScanPageSide, code: SheetQrReading | null, upsideDown: boolean): Promise<PageImage> {
  const degrees = correction(code, upsideDown);
  const qrText = code?.text ?? null;
  if (degrees === 0) return { ...page, side, turned: 0, qrText };
  const jpeg = await turn(page.jpeg, degrees);
  const extraction = page.extraction === 'passthrough' ? 'converted' : page.extraction;
  return { side, jpeg, ...(await sizeOf(jpeg)), extraction, turned: degrees, qrText };
}

/**
 * An A3 side is cut first and each half read for its own code: a half is a normal A4 page, where
 * the QR search is fast (on the whole A3 image the code is too small for the quick look). A side
 * scanned upside down has its halves swapped and each half turned. An A4 sheet fed sideways looks
 * like an A3 side and is cut too; its halves carry no whole code, so they go to review.
 */
async function a3Halves(page: Extracted, search: CodeSearch): Promise<PageImage[]> {
  const halves = await splitA3(page.jpeg);
  if (!halves) throw new Error('an A3 page that does not split');
  const codes = await Promise.all(halves.map((h) => sheetCode(h, search)));
  const known = codes.find((c) => c !== null) ?? null;
  const degrees = correction(known, known ? false : await detectUpsideDown(page.jpeg));
  const flipped = degrees === 180;
  const [left, right] = flipped ? await Promise.all([rotate180(halves[1]), rotate180(halves[0])]) : halves;
  const [leftCode, rightCode] = flipped ? [codes[1], codes[0]] : codes;
  return Promise.all(
    ([['left', left, leftCode], ['right', right, rightCode]] as const).map(async ([side, jpeg, code]) => ({
      side,
      jpeg,
      ...(await sizeOf(jpeg)),
      extraction: page.extraction === 'rasterised' ? 'rasterised' : 'converted',
      turned: flipped ? 180 : 0,
      qrText: code?.text ?? null,
    })),
  );
}
