import sharp from 'sharp';

/**
 * Pages are judged at about this width or more: ~100 dpi for A4, where a 10 pt line is ~14 px high.
 * A JPEG is decoded straight at 1/2, 1/4 or 1/8 of its size (DCT scaling, far cheaper than a full
 * decode and a resize); other images are resized to it.
 */
const WORK_WIDTH = 800;
/** Grey levels below this are ink. */
const INK_BELOW = 160;
/** Vertical strips judged apart, so a skew of a degree or two does not merge lines. */
const STRIPS = 4;
/** A line votes only when one side's ink beats the other's by this factor. */
const LINE_MARGIN = 1.4;
/** The page is called upside down only with this many more flipped votes than upright ones… */
const PAGE_RATIO = 2.5;
/** …and at least this many flipped votes (a page with a few lines is left alone). */
const MIN_VOTES = 6;

export interface OrientationVotes {
  upright: number;
  flipped: number;
}

/**
 * Counts, for each text line, whether ink sticks out more above the line's core band (ascenders,
 * capitals, accents: upright Latin text) or below it (descenders: the line is upside down).
 * `pixels` are grey levels; those below `inkBelow` are ink (the default reads 1 = ink, 0 = paper).
 */
export function countVotes(pixels: Uint8Array, width: number, height: number, inkBelow?: number): OrientationVotes {
  const votes: OrientationVotes = { upright: 0, flipped: 0 };
  const stripWidth = Math.floor(width / STRIPS);
  const rows = new Float64Array(height);
  for (let s = 0; s < STRIPS; s++) {
    for (let y = 0; y < height; y++) {
      let n = 0;
      const start = y * width + s * stripWidth;
      if (inkBelow === undefined) for (let i = start, end = start + stripWidth; i < end; i++) n += pixels[i]!;
      else for (let i = start, end = start + stripWidth; i < end; i++) if (pixels[i]! < inkBelow) n++;
      rows[y] = n;
    }
    for (const [top, bottom] of lineBands(rows, stripWidth)) vote(rows, top, bottom, votes);
  }
  return votes;
}

/** Runs of rows with ink, of a height text lines have. */
function lineBands(rows: Float64Array, stripWidth: number): Array<[number, number]> {
  const bands: Array<[number, number]> = [];
  const floor = Math.max(1, stripWidth * 0.01);
  let start = -1;
  for (let y = 0; y <= rows.length; y++) {
    const on = y < rows.length && rows[y]! >= floor;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      if (y - start >= 6 && y - start <= 60) bands.push([start, y - 1]);
      start = -1;
    }
  }
  return bands;
}

function vote(rows: Float64Array, top: number, bottom: number, votes: OrientationVotes): void {
  let peak = 0;
  for (let y = top; y <= bottom; y++) peak = Math.max(peak, rows[y]!);
  // The core band (x-height) is where most letters put ink: rows at least half the line's peak.
  let coreTop = top;
  while (rows[coreTop]! < peak * 0.5) coreTop++;
  let coreBottom = bottom;
  while (rows[coreBottom]! < peak * 0.5) coreBottom--;
  let above = 0;
  let below = 0;
  for (let y = top; y < coreTop; y++) above += rows[y]!;
  for (let y = coreBottom + 1; y <= bottom; y++) below += rows[y]!;
  if (above > below * LINE_MARGIN && above > peak * 0.25) votes.upright++;
  else if (below > above * LINE_MARGIN && below > peak * 0.25) votes.flipped++;
}

/**
 * Whether a scanned text page is upside down, for pages without a QR code. Heuristic: Latin
 * script has more ascenders than descenders, so ink above each line's core band outweighs ink
 * below it on an upright page. Conservative by design: it answers true only on a clear majority
 * of many lines, and false when unsure (blank pages, drawings, tables, few lines, handwriting
 * without a clear baseline).
 */
export async function detectUpsideDown(jpeg: Buffer): Promise<boolean> {
  const { data, info } = await (await workImage(jpeg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { upright, flipped } = countVotes(data, info.width, info.height, INK_BELOW);
  return flipped >= MIN_VOTES && flipped >= upright * PAGE_RATIO;
}

/** The image at the scale it is judged at: a JPEG shrunk while decoding by the largest power of two that keeps WORK_WIDTH. */
async function workImage(image: Buffer): Promise<sharp.Sharp> {
  const { format, width = 0 } = await sharp(image).metadata();
  if (format !== 'jpeg') return sharp(image).resize({ width: WORK_WIDTH, withoutEnlargement: true });
  let shrink = 1;
  while (shrink < 8 && width / (shrink * 2) >= WORK_WIDTH) shrink *= 2;
  // The decoder rounds the shrunk width up; the last pixel of difference is taken by nearest neighbour.
  return shrink === 1 ? sharp(image) : sharp(image).resize({ width: Math.floor(width / shrink), kernel: 'nearest' });
}
