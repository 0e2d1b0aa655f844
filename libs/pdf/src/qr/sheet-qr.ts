import fs from 'node:fs/promises';
import { decodeSheetCode } from '@gradeline/contracts';
import QRCodeWriter from 'qrcode';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';
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

/** Share of the page width/height the first look (top right, where coded sheets carry the code) covers. */
const CORNER_W = 0.4;
const CORNER_H = 0.3;
/** The corner is read at this width (~120 dpi for A4): enough for a 2 cm code. */
const CORNER_WIDTH = 500;

const OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: true,
  // A page may carry another QR code (a link printed on the paper) beside the sheet's.
  maxNumberOfSymbols: 4,
};

let engine: Promise<unknown> | undefined;

/**
 * ZXing-C++ compiled to WebAssembly, one instance per thread. Its wasm is read from node_modules:
 * left to itself the package would fetch it from a CDN.
 */
function zxing(): Promise<unknown> {
  engine ??= (async () => {
    const wasm = await fs.readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}

async function decodeGray(pipeline: sharp.Sharp): Promise<Gray> {
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The readings of a grey image, best first: a sheet code before any other text; empty ones dropped. */
async function scan(img: Gray, options: ReaderOptions): Promise<ReadResult[]> {
  await zxing();
  // The reader takes RGBA pixels (ImageData's layout).
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let src = 0, dst = 0; src < img.data.length; src++, dst += 4) {
    const v = img.data[src]!;
    rgba[dst] = v;
    rgba[dst + 1] = v;
    rgba[dst + 2] = v;
    rgba[dst + 3] = 255;
  }
  const found = await readBarcodes({ data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' } as ImageDataLike, options);
  const readable = found.filter((r) => r.isValid && r.text !== '');
  return [...readable.filter((r) => decodeSheetCode(r.text)), ...readable.filter((r) => !decodeSheetCode(r.text))];
}

type ImageDataLike = Parameters<typeof readBarcodes>[0];

/** The page's turn from the code's "up" (bottom-left corner → top-left corner) in image axes. */
export function orientationOf(code: Pick<ReadResult, 'position'>): Rotation {
  const { topLeft: tl, bottomLeft: bl } = code.position;
  const degrees = (Math.atan2(tl.x - bl.x, bl.y - tl.y) * 180) / Math.PI;
  return ((((Math.round(degrees / 90) * 90) % 360) + 360) % 360) as Rotation;
}

export interface ReadQrOptions {
  /** Also try an inverted and a denoised page when nothing was found (slower). */
  exhaustive?: boolean;
}

/**
 * Reads a sheet's QR code with ZXing. Coded sheets carry it top right, so that corner is read first
 * at a reduced scale (cut straight from the JPEG, ~20 ms); only when it has no code is the whole
 * page decoded and searched at full resolution (~80 ms), which finds a code anywhere, a turned
 * page's included. Null when no code is readable. Orientation comes from the code's corners, not
 * from where it was found.
 */
export async function readSheetQr(jpeg: Buffer, options: ReadQrOptions = {}): Promise<SheetQrReading | null> {
  const { width = 0, height = 0 } = await sharp(jpeg).metadata();
  const w = Math.round(width * CORNER_W);
  const box = { left: width - w, top: 0, width: w, height: Math.round(height * CORNER_H) };
  const [quick] = await scan(await decodeGray(sharp(jpeg).extract(box).resize({ width: Math.min(w, CORNER_WIDTH) })), OPTIONS);
  if (quick) return reading(quick);
  const page = await decodeGray(sharp(jpeg));
  const [found] = await scan(page, OPTIONS);
  if (found) return reading(found);
  if (!options.exhaustive) return null;
  const [last] = await scan(page, { ...OPTIONS, tryInvert: true, tryDenoise: true });
  return last ? reading(last) : null;
}

function reading(code: ReadResult): SheetQrReading {
  return { text: code.text, orientation: orientationOf(code) };
}
