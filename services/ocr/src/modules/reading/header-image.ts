import sharp from 'sharp';
import { type Band, findCombRows, removeRules } from './header-rules';

export { removeRules } from './header-rules';

// Turns a scanned header crop into what tesseract reads best and fastest: black ink on white, with
// the box lines of CMEN-style forms taken out (their comb separators are otherwise read as 1, I or
// |), and, on such forms, only the comb rows (with their labels) kept: the printed instructions
// and footer around them cost tesseract as much time as the name and date, and say nothing.

export interface PrepareOptions {
  /** Grey level (0-255, after normalising) under which a pixel is ink. */
  threshold?: number;
  /** Wider crops are scaled down to this width first (default 1600 px, about 210 dpi for the A4 header). */
  maxWidth?: number;
}

/**
 * A header ready for OCR, as binary PGM images: the comb rows of a form, one line each (label
 * and boxes), or, when no form was found, the whole crop. `page` is always the whole crop.
 */
export type PreparedHeader = { kind: 'lines'; lines: Buffer[]; page: Buffer } | { kind: 'page'; page: Buffer };

// 300-dpi scans only cost time. Scaling 200-dpi crops further down (to 120 dpi) was measured: it
// lost 4 points of AUTO recall (birth-date digits) for no gain over the native reference's speed.
const MAX_WIDTH = 1600;
/** Fewer comb rows than this and the crop is not taken for a form: it is read whole. */
const MIN_COMB_ROWS = 2;
/** Percentiles of the grey levels stretched to black and white (what sharp's normalise() does). */
const [LOW, HIGH] = [0.01, 0.99];
/** Stretched grey level under which a pixel may belong to a comb box's line (boxes printed ~77% grey are ~195). */
const LINES = 230;

/** Scaled down, grey, normalised, thresholded, rules removed, reduced to the comb rows of a form; PGM out. */
export async function prepareHeaderImage(image: Buffer, options: PrepareOptions = {}): Promise<Buffer> {
  const { data, info } = await cleanHeader(image, options);
  return pgm(data, info.width, 0, info.height, info.width);
}

/** The comb rows of a form, one image a row, or the whole crop when there is no form. */
export async function prepareHeader(image: Buffer, options: PrepareOptions = {}): Promise<PreparedHeader> {
  const { data, info, combRows } = await cleanHeader(image, options);
  const page = pgm(data, info.width, 0, info.height, info.width);
  if (combRows.length < MIN_COMB_ROWS) return { kind: 'page', page };
  return { kind: 'lines', lines: bandImages(data, info.width, combRows), page };
}

async function cleanHeader(image: Buffer, options: PrepareOptions): Promise<{ data: Uint8Array; info: { width: number; height: number }; combRows: Band[] }> {
  const { data, info } = await sharp(image)
    .resize({ width: options.maxWidth ?? MAX_WIDTH, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const { ink, lines } = binarise(data, channels, options.threshold ?? 150);
  const cleaned = removeRules(ink, width, height);
  return { data: cleaned, info: { width, height }, combRows: findCombRows(lines, width, height) };
}

/**
 * Ink where the grey level, stretched so the 1st percentile is black and the 99th white, is
 * under `threshold`; lines where it is under LINES (light grey comb boxes, which are not ink).
 * sharp's normalise() stretches about the same way (on L*) but took ~30 ms a header.
 */
function binarise(grey: Buffer, channels: number, threshold: number): { ink: Uint8Array; lines: Uint8Array } {
  const pixels = grey.length / channels;
  const histogram = new Uint32Array(256);
  for (let i = 0; i < pixels; i++) histogram[grey[i * channels]!]!++;
  const low = percentile(histogram, pixels * LOW);
  const high = Math.max(low + 1, percentile(histogram, pixels * HIGH));
  const cut = low + (threshold * (high - low)) / 255;
  const lineCut = low + (LINES * (high - low)) / 255;
  const ink = new Uint8Array(pixels);
  const lines = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const level = grey[i * channels]!;
    ink[i] = level < cut ? 1 : 0;
    lines[i] = level < lineCut ? 1 : 0;
  }
  return { ink, lines };
}

function percentile(histogram: Uint32Array, count: number): number {
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level]!;
    if (seen > count) return level;
  }
  return 255;
}

/**
 * Each comb row from the left edge (its label) to its last written box, with a margin: the lines
 * a pupil fills in and nothing else. The labels stay so the fields are told apart by what the
 * form says, not by their order. Empty boxes are left out: tesseract's time grows with the
 * length of the line it reads, and specks in them become stray characters.
 */
function bandImages(ink: Uint8Array, width: number, rows: Band[]): Buffer[] {
  const height = ink.length / width;
  return rows.map((r) => {
    const pad = Math.round((r.bottom - r.top) * 0.1);
    const [top, bottom] = [Math.max(0, r.top - pad), Math.min(height, r.bottom + pad)];
    const right = Math.min(width, r.right + pad, lastWriting(ink, width, top, bottom, r.bottom - r.top) + 2 * pad);
    return pgm(ink, width, top, bottom, right);
  });
}

/** The right end of the last stretch of columns holding more ink than a speck would (a glyph stroke). */
function lastWriting(ink: Uint8Array, width: number, top: number, bottom: number, rowHeight: number): number {
  const window = Math.max(4, Math.round(rowHeight / 5));
  const column = new Uint32Array(width);
  for (let y = top; y < bottom; y++) for (let x = 0; x < width; x++) column[x]! += ink[y * width + x]!;
  let sum = 0;
  for (let x = width - 1; x >= 0; x--) {
    sum += column[x]! - (x + window < width ? column[x + window]! : 0);
    if (sum >= rowHeight / 2) return x + window;
  }
  return 0;
}

/** Rows top..bottom-1 and columns 0..right-1 of the ink as a PGM image (tesseract's Leptonica reads PNM). */
function pgm(ink: Uint8Array, width: number, top: number, bottom: number, right: number): Buffer {
  const out = Buffer.alloc(right * (bottom - top), 255);
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < right; x++) if (ink[y * width + x]) out[(y - top) * right + x] = 0;
  }
  return pgmOf(out, right, bottom - top);
}

function pgmOf(pixels: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), pixels]);
}
