import fs from 'node:fs/promises';
import { decodeSheetCode } from '@gradeline/contracts';
import jsQR from 'jsqr';
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

/**
 * Share of the page width/height the first look covers: the top right, where coded sheets carry
 * the code (a 2 cm code 13 mm from the right edge and 10 mm from the top on A4), with some 3 cm to
 * spare for a shifted scan.
 */
const CORNER_W = 0.3;
const CORNER_H = 0.2;
/** The corner is read at full resolution up to this width (300 dpi scans are reduced to it). */
const CORNER_MAX_WIDTH = 800;
/** An image up to this wide (a corner) where nothing was read is read again enlarged whole, then by jsQR. */
const SMALL_WIDTH = CORNER_MAX_WIDTH;

const OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: true,
  // A page may carry another QR code (a link printed on the paper) beside the sheet's.
  maxNumberOfSymbols: 4,
  // Codes found but not decoded too: their spot is read again enlarged.
  returnErrors: true,
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

/** RGBA pixels of corner-sized images are written here (the reader copies them into its own heap). */
let reusable = new Uint8ClampedArray(0);
const REUSE_MAX_BYTES = 4 * 1024 * 1024;

function rgbaBuffer(bytes: number): Uint8ClampedArray {
  if (bytes > REUSE_MAX_BYTES) return new Uint8ClampedArray(bytes);
  if (reusable.length < bytes) reusable = new Uint8ClampedArray(bytes);
  return reusable.subarray(0, bytes);
}

interface Scanned {
  /** Decoded codes, best first: a sheet code before any other text; empty ones dropped. */
  readable: ReadResult[];
  /** Codes found but not decoded (their position is known). */
  unreadable: ReadResult[];
}

/** Grey as RGBA (ImageData's layout, which both readers take), in the reusable buffer when small. */
function toRgba(img: Gray): Uint8ClampedArray {
  const rgba = rgbaBuffer(img.width * img.height * 4);
  for (let src = 0, dst = 0; src < img.data.length; src++, dst += 4) {
    const v = img.data[src]!;
    rgba[dst] = v;
    rgba[dst + 1] = v;
    rgba[dst + 2] = v;
    rgba[dst + 3] = 255;
  }
  return rgba;
}

async function scan(img: Gray, options: ReaderOptions): Promise<Scanned> {
  await zxing();
  const rgba = toRgba(img);
  const found = await readBarcodes({ data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' } as ImageDataLike, options);
  const readable = found.filter((r) => r.isValid && r.text !== '');
  return {
    readable: [...readable.filter((r) => decodeSheetCode(r.text)), ...readable.filter((r) => !decodeSheetCode(r.text))],
    unreadable: found.filter((r) => !r.isValid),
  };
}

/**
 * The best code of an image. A code found but not decoded is read again from its spot enlarged
 * twice: at 150 dpi a 2 cm code has ~3 px per module, too few for ZXing's sampling on a slightly
 * skewed scan (orientation is unchanged by the zoom: it comes from the corners' directions).
 */
async function read(img: Gray, options: ReaderOptions): Promise<Pick<ReadResult, 'text' | 'position'> | null> {
  const { readable, unreadable } = await scan(img, options);
  if (readable[0]) return readable[0];
  const raw = { raw: { width: img.width, height: img.height, channels: 1 as const } };
  // A small image (a corner) is enlarged whole, found code or not; on a page, the spots of the first codes found.
  const small = img.width <= SMALL_WIDTH;
  const boxes = small ? [{ left: 0, top: 0, width: img.width, height: img.height }] : unreadable.slice(0, 2).map((c) => around(c, img));
  for (const box of boxes) {
    const zoomed = await decodeGray(sharp(img.data, raw).extract(box).resize({ width: box.width * 2 }));
    const [again] = (await scan(zoomed, options)).readable;
    if (again) return again;
  }
  return small ? lastResort(img) : null;
}

/**
 * jsQR on a small image where ZXing read nothing, enlarged or not: slower (~30 ms for a corner)
 * but its sampling reads some skewed 150 dpi codes ZXing's does not.
 */
function lastResort(img: Gray): Pick<ReadResult, 'text' | 'position'> | null {
  const found = jsQR(toRgba(img), img.width, img.height, { inversionAttempts: 'dontInvert' });
  if (!found || found.data === '' || !decodeSheetCode(found.data)) return null;
  const { topLeftFinderPattern: tl, topRightFinderPattern: tr, bottomLeftFinderPattern: bl } = found.location;
  return { text: found.data, position: { topLeft: tl, topRight: tr, bottomLeft: bl, bottomRight: found.location.bottomRightCorner } };
}

/**
 * The code's bounding box with 1.5 times its size around it, inside the image: what ZXing reports
 * of a code it cannot decode is often a part of it, built on two of its finder patterns.
 */
function around(code: ReadResult, img: Gray): { left: number; top: number; width: number; height: number } {
  const { topLeft, topRight, bottomRight, bottomLeft } = code.position;
  const xs = [topLeft.x, topRight.x, bottomRight.x, bottomLeft.x];
  const ys = [topLeft.y, topRight.y, bottomRight.y, bottomLeft.y];
  const margin = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * 1.5;
  const left = Math.max(0, Math.floor(Math.min(...xs) - margin));
  const top = Math.max(0, Math.floor(Math.min(...ys) - margin));
  const width = Math.min(img.width, Math.ceil(Math.max(...xs) + margin)) - left;
  const height = Math.min(img.height, Math.ceil(Math.max(...ys) + margin)) - top;
  return { left, top, width: Math.max(1, width), height: Math.max(1, height) };
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
  /** The image's pixel size, when the caller knows it (saves reading the JPEG header again). */
  size?: { width: number; height: number };
}

/**
 * Reads a sheet's QR code with ZXing. Coded sheets carry it top right, so that corner is read first
 * (cut straight from the JPEG, decoded only down to it: ~15 ms); only when it has no code is the
 * whole page decoded and searched at full resolution (~0.1 s), which finds a code anywhere, a
 * turned page's included. Null when no code is readable. Orientation comes from the code's corners, not
 * from where it was found.
 */
export async function readSheetQr(jpeg: Buffer, options: ReadQrOptions = {}): Promise<SheetQrReading | null> {
  const { width = 0, height = 0 } = options.size ?? (await sharp(jpeg).metadata());
  const w = Math.round(width * CORNER_W);
  const corner = sharp(jpeg).extract({ left: width - w, top: 0, width: w, height: Math.round(height * CORNER_H) });
  const quick = await read(await decodeGray(w > CORNER_MAX_WIDTH ? corner.resize({ width: CORNER_MAX_WIDTH }) : corner), OPTIONS);
  if (quick) return reading(quick);
  const page = await decodeGray(sharp(jpeg));
  const found = await read(page, OPTIONS);
  if (found) return reading(found);
  if (!options.exhaustive) return null;
  const last = await read(page, { ...OPTIONS, tryInvert: true, tryDenoise: true });
  return last ? reading(last) : null;
}

function reading(code: Pick<ReadResult, 'text' | 'position'>): SheetQrReading {
  return { text: code.text, orientation: orientationOf(code) };
}
