import sharp from 'sharp';
import { type EncodeOptions, encode } from './image-ops';

/** A scan at least this much wider than tall is a landscape A3 sheet holding two A4 pages. */
export const A3_ASPECT = 1.2;

/**
 * Splits a landscape A3 scan into its left and right A4 halves; null when the image is not wide
 * enough to be two pages side by side. The JPEG is decoded once for both halves.
 */
export async function splitA3(jpeg: Buffer, options?: EncodeOptions): Promise<[Buffer, Buffer] | null> {
  const meta = await sharp(jpeg).metadata();
  if (!meta.width || !meta.height || meta.width / meta.height <= A3_ASPECT) return null;
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const half = Math.floor(info.width / 2);
  const left = encode(sharp(data, raw).extract({ left: 0, top: 0, width: half, height: info.height }), options);
  const right = encode(sharp(data, raw).extract({ left: half, top: 0, width: info.width - half, height: info.height }), options);
  return Promise.all([left, right]);
}

/**
 * The page numbers (1-based) on the [left, right] halves of each side of a saddle-stitched
 * booklet of `pageCount` pages (a multiple of 4), sides in scan order: sheet 1 front, sheet 1
 * back, sheet 2 front, … with sheet 1 the outermost. For 4 pages: [[4, 1], [2, 3]]; for 8:
 * [[8, 1], [2, 7], [6, 3], [4, 5]]. Sheet s (0-based) carries n−2s | 2s+1 on its front and
 * 2s+2 | n−2s−1 on its back.
 */
export function bookletSides(pageCount: number): Array<[number, number]> {
  if (!Number.isInteger(pageCount) || pageCount <= 0 || pageCount % 4 !== 0) {
    throw new RangeError(`a folded booklet has a multiple of 4 pages, not ${pageCount}`);
  }
  const sides: Array<[number, number]> = [];
  for (let s = 0; s < pageCount / 4; s++) {
    sides.push([pageCount - 2 * s, 2 * s + 1], [2 * s + 2, pageCount - 2 * s - 1]);
  }
  return sides;
}

/**
 * Puts the halves of scanned booklet sides back in reading order. `sides` are in scan order, each
 * split into [left, right] (see bookletSides); back sides must already be upright (a duplex
 * scanner that flips on the short edge turns them 180°: rotate them before splitting).
 */
export function bookletOrder<T>(sides: ReadonlyArray<readonly [T, T]>): T[] {
  const layout = bookletSides(sides.length * 2);
  const pages = new Array<T>(sides.length * 2);
  layout.forEach(([left, right], i) => {
    pages[left - 1] = sides[i]![0];
    pages[right - 1] = sides[i]![1];
  });
  return pages;
}
