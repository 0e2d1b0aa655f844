import jsQR, { type QRCode } from 'jsqr';
import QRCodeWriter from 'qrcode';
import sharp from 'sharp';
import { type Rotation } from '../document/page-info';

/** A QR code as printed on a coded answer sheet: PNG, `sizePx` wide including the quiet zone. */
export function renderSheetQr(text: string, sizePx: number): Promise<Buffer> {
  // ECC level M survives pen marks and scanner noise; the 4-module quiet zone is the standard's.
  return QRCodeWriter.toBuffer(text, { type: 'png', width: Math.round(sizePx), margin: 4, errorCorrectionLevel: 'M' });
}

export interface SheetQrReading {
  text: string;
  /**
   * Clockwise turn of the page in the image, from the code's finder patterns: 0 upright, 180
   * upside down. Turn the image by (360 − orientation) clockwise to make it upright.
   */
  orientation: Rotation;
}

interface Gray {
  data: Buffer;
  width: number;
  height: number;
}

/** Where to look, in the order tried: the printed spot (top right) first, then where turns put it. */
const CORNERS = [
  { x: 1, y: 0 },
  { x: 0, y: 1 },
  { x: 0, y: 0 },
  { x: 1, y: 1 },
] as const;
/** Share of the page width/height a corner search covers. */
const CORNER_W = 0.4;
const CORNER_H = 0.3;
/** Corners are first searched at this width (~120 dpi for A4): enough for a 2 cm code. */
const FAST_CORNER_WIDTH = 500;
/** The whole-page fallback runs at this width. */
const PAGE_WIDTH = 1200;

async function decodeGray(pipeline: sharp.Sharp, width?: number): Promise<Gray> {
  const sized = width ? pipeline.resize({ width, withoutEnlargement: true }) : pipeline;
  const { data, info } = await sized.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function cornerBox(width: number, height: number, corner: (typeof CORNERS)[number]) {
  const w = Math.round(width * CORNER_W);
  const h = Math.round(height * CORNER_H);
  return { left: corner.x ? width - w : 0, top: corner.y ? height - h : 0, width: w, height: h };
}

/** jsQR wants RGBA; the crop is small, so the copy is cheap. */
function scan(img: Gray, left: number, top: number, width: number, height: number): QRCode | null {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    let src = (top + y) * img.width + left;
    let dst = y * width * 4;
    for (let x = 0; x < width; x++, src++, dst += 4) {
      const v = img.data[src]!;
      rgba[dst] = v;
      rgba[dst + 1] = v;
      rgba[dst + 2] = v;
      rgba[dst + 3] = 255;
    }
  }
  return jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
}

/** The page's turn from the code's "up" (bottom-left finder → top-left finder) in image axes. */
export function orientationOf(code: QRCode): Rotation {
  const { topLeftFinderPattern: tl, bottomLeftFinderPattern: bl } = code.location;
  const degrees = (Math.atan2(tl.x - bl.x, bl.y - tl.y) * 180) / Math.PI;
  return ((((Math.round(degrees / 90) * 90) % 360) + 360) % 360) as Rotation;
}

export interface ReadQrOptions {
  /** Also scan the whole page at full resolution as a last resort (slow: ~0.5 s for A4 at 200 dpi). */
  exhaustive?: boolean;
}

/**
 * Reads a sheet's QR code. Coded sheets carry it top right, so that corner is read first at a
 * reduced scale (cut straight from the JPEG, ~30 ms); then the other corners (a turned page puts
 * it there), the corners at full resolution, and the whole page at a reduced scale. Null when no
 * code is readable. Orientation comes from the finder patterns, not from the corner it was in.
 */
export async function readSheetQr(jpeg: Buffer, options: ReadQrOptions = {}): Promise<SheetQrReading | null> {
  const { width = 0, height = 0 } = await sharp(jpeg).metadata();
  const box = cornerBox(width, height, CORNERS[0]);
  const first = await decodeGray(sharp(jpeg).extract(box), Math.min(box.width, FAST_CORNER_WIDTH));
  const quick = scan(first, 0, 0, first.width, first.height);
  if (quick) return reading(quick);
  // Only a page whose code is not at its place pays for the full decode.
  const full = await decodeGray(sharp(jpeg));
  const raw = { raw: { width: full.width, height: full.height, channels: 1 as const } };
  for (const corner of CORNERS.slice(1)) {
    const b = cornerBox(full.width, full.height, corner);
    const img = await decodeGray(sharp(full.data, raw).extract(b), Math.min(b.width, FAST_CORNER_WIDTH));
    const found = scan(img, 0, 0, img.width, img.height);
    if (found) return reading(found);
  }
  for (const corner of CORNERS) {
    const b = cornerBox(full.width, full.height, corner);
    const found = scan(full, b.left, b.top, b.width, b.height);
    if (found) return reading(found);
  }
  const page = await decodeGray(sharp(full.data, raw), Math.min(full.width, PAGE_WIDTH));
  const found = scan(page, 0, 0, page.width, page.height) ?? (options.exhaustive ? scan(full, 0, 0, full.width, full.height) : null);
  return found ? reading(found) : null;
}

function reading(code: QRCode): SheetQrReading {
  return { text: code.data, orientation: orientationOf(code) };
}
