// Rules (the frame and comb-box lines of CMEN-style forms) found and erased in a binary image,
// and the comb rows they draw, which are where a pupil writes. Pure, on typed arrays: this runs
// for every header and is written as plain loops (closures per pixel cost ~15 ms a header).

/** Dark runs longer than these shares of the width / height are rules, not letters. */
const HORIZONTAL_RULE = 0.06;
const VERTICAL_RULE = 0.12;
/** A comb separator is a vertical rule shorter than this share of the height (the frame is taller). */
const MAX_SEPARATOR = 0.4;
/** So many separators at the same height make a comb row (the date row has 2 + 2 + 4 boxes). */
const MIN_SEPARATORS = 4;

/** A horizontal band of the image, rows top..bottom-1, columns 0..right-1. */
export interface Band {
  top: number;
  bottom: number;
  right: number;
}

interface Run {
  x: number;
  top: number;
  bottom: number;
}

/**
 * Erases ink that belongs to long straight lines. A line scanned with a slight skew steps from
 * one pixel row to the next, so a row counts a pixel as on the line when the row above or below
 * has ink there too; only the pixels of the row itself are erased.
 */
export function removeRules(ink: Uint8Array, width: number, height: number): Uint8Array {
  const erase = new Uint8Array(ink.length);
  markHorizontal(ink, erase, width, height, minRow(width));
  markVertical(ink, erase, width, height, minColumn(height));
  const cleaned = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) cleaned[i] = ink[i]! & (erase[i]! ^ 1);
  return cleaned;
}

/**
 * The comb rows of a form, top to bottom, from `lines`: a mask that holds the boxes' lines, which
 * are often printed light grey (a dropout colour) and so are not ink once thresholded. Each row
 * spans its separators' height and reaches their rightmost one.
 */
export function findCombRows(lines: Uint8Array, width: number, height: number): Band[] {
  const runs = markVertical(lines, null, width, height, minColumn(height));
  return combRows(runs.filter((r) => r.bottom - r.top <= height * MAX_SEPARATOR));
}

const minRow = (width: number) => Math.max(20, Math.round(width * HORIZONTAL_RULE));
const minColumn = (height: number) => Math.max(20, Math.round(height * VERTICAL_RULE));

function markHorizontal(ink: Uint8Array, erase: Uint8Array, width: number, height: number, min: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const above = y > 0 ? row - width : row;
    const below = y + 1 < height ? row + width : row;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && (ink[row + x]! | ink[above + x]! | ink[below + x]!) === 1;
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        if (x - start >= min) erase.fill(1, row + start, row + x);
        start = -1;
      }
    }
  }
}

/** Row by row with a run start per column, so memory is read in order; returns the runs erased. */
function markVertical(ink: Uint8Array, erase: Uint8Array | null, width: number, height: number, min: number): Run[] {
  const start = new Int32Array(width).fill(-1);
  const runs: Run[] = [];
  for (let y = 0; y <= height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const on = y < height && (ink[i]! | (x > 0 ? ink[i - 1]! : 0) | (x + 1 < width ? ink[i + 1]! : 0)) === 1;
      const s = start[x]!;
      if (on && s < 0) start[x] = y;
      else if (!on && s >= 0) {
        if (y - s >= min) {
          if (erase) for (let yy = s; yy < y; yy++) erase[yy * width + x] = 1;
          runs.push({ x, top: s, bottom: y });
        }
        start[x] = -1;
      }
    }
  }
  return runs;
}

/**
 * Separators whose middles are within half a separator of each other belong to one comb row
 * and are about as long (a skew of 1° moves a 28-box row's ends ~17 px apart at 200 dpi; rows are
 * ~90 px apart), and
 * only those with a neighbour closer than 1.5 separator heights count (boxes are narrower than
 * tall; the ends of a skewed frame line are far apart). One separator is often found as two or
 * three neighbouring columns; they count once.
 */
function combRows(separators: Run[]): Band[] {
  const rows: Array<{ mid: number; length: number; runs: Run[] }> = [];
  for (const run of [...separators].sort((a, b) => a.top + a.bottom - b.top - b.bottom)) {
    const [mid, length] = [(run.top + run.bottom) / 2, run.bottom - run.top];
    const row = rows.find((r) => Math.abs(r.mid - mid) <= r.length / 2 && Math.abs(r.length - length) <= r.length * 0.3);
    if (row) row.runs.push(run);
    else rows.push({ mid, length, runs: [run] });
  }
  return rows
    .map((r) => ({ runs: r.runs, columns: combColumns(r.runs) }))
    .filter((r) => r.columns.length >= MIN_SEPARATORS)
    .map((r) => ({
      top: Math.min(...r.runs.map((s) => s.top)),
      bottom: Math.max(...r.runs.map((s) => s.bottom)),
      right: Math.max(...r.columns) + 1,
    }))
    .sort((a, b) => a.top - b.top);
}

/** The separators' columns (neighbouring columns merged) that have another separator near them. */
function combColumns(runs: Run[]): number[] {
  const length = runs.map((r) => r.bottom - r.top).sort((a, b) => a - b)[runs.length >> 1]!;
  const xs = runs.map((r) => r.x).sort((a, b) => a - b);
  const columns = xs.filter((x, i) => i === 0 || x - xs[i - 1]! > 3);
  return columns.filter((x, i) => Math.min(x - (columns[i - 1] ?? -Infinity), (columns[i + 1] ?? Infinity) - x) <= 1.5 * length);
}
