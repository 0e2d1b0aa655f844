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

/** RGBA pixels of corner-sized images for jsQR are written here (it reads them synchronously). */
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

/** Grey as RGBA (ImageData's layout, which jsQR takes), in the reusable buffer when small. */
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

/**
 * Grey as a binary PGM file, which ZXing's reader decodes inside its own heap straight to the one
 * luminance channel it works on. Given ImageData instead, zxing-wasm turns every RGBA pixel back into
 * luminance in JavaScript: with our grey → RGBA expansion, ~3 ms of a corner's ~5 and ~25 ms of a page.
 */
function toPgm(img: Gray): Uint8Array {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1');
  // A buffer of its own: the reader copies it only after an await, when another read may be under way.
  const pgm = Buffer.allocUnsafe(header.length + img.data.length);
  pgm.set(header, 0);
  pgm.set(img.data, header.length);
  return pgm;
}

async function scan(img: Gray, options: ReaderOptions): Promise<Scanned> {
  await zxing();
  const found = await readBarcodes(toPgm(img), options);
  const readable = found.filter((r) => r.isValid && r.text !== '');
  return {
    readable: [...readable.filter((r) => decodeSheetCode(r.text)), ...readable.filter((r) => !decodeSheetCode(r.text))],
    unreadable: found.filter((r) => !r.isValid),
  };
}

type Found = Pick<ReadResult, 'text' | 'position'>;
type Box = { left: number; top: number; width: number; height: number };

const rawOf = (img: Gray) => ({ raw: { width: img.width, height: img.height, channels: 1 as const } });

/**
 * The best code of a page. A code found but not decoded is read again from its spot enlarged
 * twice: at 150 dpi a 2 cm code has ~3 px per module, too few for ZXing's sampling on a slightly
 * skewed scan (orientation is unchanged by the zoom: it comes from the corners' directions).
 */
async function read(img: Gray, options: ReaderOptions): Promise<Found | null> {
  const { readable, unreadable } = await scan(img, options);
  if (readable[0]) return readable[0];
  for (const box of unreadable.slice(0, 2).map((c) => around(c, img))) {
    const [again] = (await scan(await enlarged(img, box), options)).readable;
    if (again) return again;
  }
  return null;
}

/** Part of a grey image, enlarged twice. */
function enlarged(img: Gray, box: Box): Promise<Gray> {
  return decodeGray(sharp(img.data, rawOf(img)).extract(box).resize({ width: box.width * 2 }));
}

/**
 * A corner where ZXing read nothing at its own size: enlarged whole, found code or not, then jsQR
 * on it as it is.
 */
async function rescue(corner: Gray): Promise<Found | null> {
  const [again] = (await scan(await enlarged(corner, { left: 0, top: 0, width: corner.width, height: corner.height }), OPTIONS)).readable;
  return again ?? lastResort(corner);
}

/**
 * jsQR on a small image where ZXing read nothing, enlarged or not: slower (~30 ms for a corner)
 * but its sampling reads some skewed 150 dpi codes ZXing's does not.
 */
function lastResort(img: Gray): Found | null {
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

/** The page's turn from the code's "up" (bottom-left corner → top-left corner) in image axes. */
export function orientationOf(code: Pick<ReadResult, 'position'>): Rotation {
  const { topLeft: tl, bottomLeft: bl } = code.position;
  const degrees = (Math.atan2(tl.x - bl.x, bl.y - tl.y) * 180) / Math.PI;
  return ((((Math.round(degrees / 90) * 90) % 360) + 360) % 360) as Rotation;
}

export interface ReadQrOptions {
  /**
   * Only the first look: the top-right corner, where an upright coded sheet carries its code
   * (~5 ms). A code elsewhere, on a sheet fed upside down or skewed, is not found.
   */
  quick?: boolean;
  /** Also try an inverted and a denoised page when nothing was found (slower). */
  exhaustive?: boolean;
  /** The image's pixel size, when the caller knows it (saves reading the JPEG header again). */
  size?: { width: number; height: number };
}

/** Where a sheet's code is printed (top right), or lies when the sheet was fed upside down (bottom left). */
function cornerBox(width: number, height: number, where: 'topRight' | 'bottomLeft'): Box {
  const w = Math.round(width * CORNER_W);
  const h = Math.round(height * CORNER_H);
  return where === 'topRight' ? { left: width - w, top: 0, width: w, height: h } : { left: 0, top: height - h, width: w, height: h };
}

/** A corner as it is read: at full resolution up to CORNER_MAX_WIDTH (300 dpi scans are reduced). */
const atReadingSize = (corner: sharp.Sharp, box: Box) => (box.width > CORNER_MAX_WIDTH ? corner.resize({ width: CORNER_MAX_WIDTH }) : corner);

/**
 * Reads a sheet's QR code with ZXing. Coded sheets carry it top right, so that corner is read first,
 * cut straight from the JPEG, which is decoded only down to it (~5 ms in all). When it has no code,
 * the page is decoded whole and read where the code of a sheet fed upside down lies (bottom
 * left); then the top-right corner is read again enlarged and by jsQR (for skewed 150 dpi codes);
 * last, the whole page at full resolution, which finds a code anywhere (~50 ms for a page without
 * one); `quick` stops after the first look. Null when no code is readable. Orientation comes from the code's corners, not from where
 * it was found.
 */
export async function readSheetQr(jpeg: Buffer, options: ReadQrOptions = {}): Promise<SheetQrReading | null> {
  const { width = 0, height = 0 } = options.size ?? (await sharp(jpeg).metadata());
  const topRight = cornerBox(width, height, 'topRight');
  const corner = await decodeGray(atReadingSize(sharp(jpeg).extract(topRight), topRight));
  const quick = (await scan(corner, OPTIONS)).readable[0];
  if (quick) return reading(quick);
  if (options.quick) return null;
  const page = await decodeGray(sharp(jpeg));
  const bottomLeft = cornerBox(page.width, page.height, 'bottomLeft');
  // Only a sheet code there: another QR (a printed link) is left to the whole page's search, which ranks codes.
  const turned = (await scan(await decodeGray(atReadingSize(sharp(page.data, rawOf(page)).extract(bottomLeft), bottomLeft)), OPTIONS)).readable[0];
  if (turned && decodeSheetCode(turned.text)) return reading(turned);
  const found = (await rescue(corner)) ?? (await read(page, OPTIONS));
  if (found) return reading(found);
  if (!options.exhaustive) return null;
  const last = await read(page, { ...OPTIONS, tryInvert: true, tryDenoise: true });
  return last ? reading(last) : null;
}

function reading(code: Pick<ReadResult, 'text' | 'position'>): SheetQrReading {
  return { text: code.text, orientation: orientationOf(code) };
}
