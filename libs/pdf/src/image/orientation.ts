import sharp from 'sharp';

/**
 * Portrait pages twice this width or more (A4 at ~195 dpi and up) are judged at this width, ~97 dpi
 * for A4; narrower ones (150 dpi) as they are. A 10 pt line is then 13-20 px high, which the line
 * rules below are tuned for. A JPEG is thinned by nearest pixel (no filtering: ink counts stay
 * crisp); sharp lets libjpeg decode at half size (DCT scaling) when the reduction is 3 or more, so
 * a 300 dpi page costs a third less than decoding it in full, while a 200 dpi page (reduced by
 * ~2.07) is decoded in full, then thinned. Other images are resized with a filter. A3 sides: see
 * sideWidth.
 * This replaced the largest power-of-two reduction that kept 800 px, which judged 300 dpi pages at
 * ~150 dpi. On 1,080 generated pages at 150-300 dpi (half upside down, skewed, noisy), 43
 * upside-down pages were missed instead of 59 (150 dpi: 17 either way; 300: 17 against 27; 200: 9
 * against 15 from a scale that barely moved, 800 against 827 px: single pages come and go with
 * small changes, only totals mean much), no upright page was flipped either way, and the check at
 * 300 dpi needs ~16 ms of CPU instead of ~25. Thinning 150 dpi pages too changed which pages were
 * missed without a clear gain (12 against 17 of 180) and cost 2 ms more per page.
 * Judging 200 dpi pages in full with line heights scaled (no resize) cost less in a single-thread
 * measurement, but more CPU per page in the service (page threads count the 4× pixels): not kept.
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

/** Share of the image's height looked at first: decoding stops there, about half the cost of the whole. */
const FIRST_LOOK = 0.5;

/** A verdict when the votes are clear either way, else null. */
function clearVerdict({ upright, flipped }: OrientationVotes): boolean | null {
  if (flipped >= MIN_VOTES && flipped >= upright * PAGE_RATIO) return true;
  if (upright >= MIN_VOTES && upright >= flipped * PAGE_RATIO) return false;
  return null;
}

/**
 * Whether a scanned text page is upside down, for pages without a QR code. Heuristic: Latin
 * script has more ascenders than descenders, so ink above each line's core band outweighs ink
 * below it on an upright page. Conservative by design: it answers true only on a clear majority
 * of many lines, and false when unsure (blank pages, drawings, tables, few lines, handwriting
 * without a clear baseline). The top half of the image is judged first (the JPEG is decoded only
 * down to it); only when its lines do not say clearly either way is the whole page judged.
 */
export async function detectUpsideDown(jpeg: Buffer): Promise<boolean> {
  const { format, width = 0, height = 0 } = await sharp(jpeg).metadata();
  const first = await greyAtWorkScale(jpeg, format, width, height, FIRST_LOOK * height);
  const early = clearVerdict(countVotes(first.data, first.info.width, first.info.height, INK_BELOW));
  if (early !== null) return early;
  const { data, info } = await greyAtWorkScale(jpeg, format, width, height, height);
  const { upright, flipped } = countVotes(data, info.width, info.height, INK_BELOW);
  return flipped >= MIN_VOTES && flipped >= upright * PAGE_RATIO;
}

/**
 * An A3 side (two pages side by side) is reduced by the largest power of two that keeps
 * WORK_WIDTH, a JPEG by DCT scaling where sharp applies it: judged at the fixed width instead, its
 * upside-down sides were missed more often (42 against 29 of 120 at 150-300 dpi).
 */
function sideWidth(format: string | undefined, width: number): number {
  if (format !== 'jpeg') return Math.min(width, WORK_WIDTH);
  let shrink = 1;
  while (shrink < 8 && width / (shrink * 2) >= WORK_WIDTH) shrink *= 2;
  return Math.floor(width / shrink);
}

/**
 * The top `rows` of the image (in its own pixels) at the scale it is judged at, grey: a page at
 * least twice WORK_WIDTH wide at WORK_WIDTH, a narrower one as it is, an A3 side as sideWidth
 * says; a JPEG thinned by nearest pixel, others filtered. Decoding stops at the last row asked for.
 */
async function greyAtWorkScale(image: Buffer, format: string | undefined, width: number, height: number, rows: number) {
  const outWidth = width > height ? sideWidth(format, width) : width >= 2 * WORK_WIDTH ? WORK_WIDTH : width;
  const outHeight = Math.max(1, Math.round((height * outWidth) / width));
  let pipeline = outWidth === width ? sharp(image) : sharp(image).resize({ width: outWidth, height: outHeight, fit: 'fill', kernel: format === 'jpeg' ? 'nearest' : 'lanczos3' });
  const top = Math.min(outHeight, Math.ceil((rows * outWidth) / width));
  if (top < outHeight) pipeline = pipeline.extract({ left: 0, top: 0, width: outWidth, height: top });
  return pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
}
