import { A4_MM, printedHeaderValues } from './name-header';
import { pageSvg } from './page';
import { createRandom } from './random';
import { rasterise } from './raster';
import { type ScanOptions, type ScanPageTruth, type ScanTruth } from './scan-plan';

const MM_PER_INCH = 25.4;
const PT_PER_MM = 72 / MM_PER_INCH;

/** Pixel and point sizes of one scanned image: A4 portrait, or A3 landscape (exactly two A4 widths). */
export interface ScanImageSize {
  widthPx: number;
  heightPx: number;
  widthPt: number;
  heightPt: number;
}

/** The pixel size of an A4 page at `dpi` (what a scanner at that resolution returns). */
export function a4Pixels(dpi: number): { width: number; height: number } {
  return { width: Math.round((A4_MM.width / MM_PER_INCH) * dpi), height: Math.round((A4_MM.height / MM_PER_INCH) * dpi) };
}

export function scanImageSize(dpi: number, a3: boolean): ScanImageSize {
  const a4 = a4Pixels(dpi);
  const halves = a3 ? 2 : 1;
  return {
    widthPx: a4.width * halves,
    heightPx: a4.height,
    widthPt: A4_MM.width * halves * PT_PER_MM,
    heightPt: A4_MM.height * PT_PER_MM,
  };
}

export function scanDpi(options: ScanOptions): number {
  const dpi = options.dpi ?? 200;
  if (!(dpi >= 150 && dpi <= 300)) throw new RangeError(`dpi must be within 150-300, got ${dpi}`);
  return dpi;
}

/** Draws one output page of the plan as a scanner would return it: one greyscale JPEG. */
export async function renderScanPage(page: ScanPageTruth, truth: ScanTruth, options: ScanOptions): Promise<Buffer> {
  const random = createRandom(options.seed, 2, page.scanIndex, page.duplicate ? 1 : 0);
  const size = scanImageSize(scanDpi(options), page.pageNumbers.length === 2);
  const student = truth.copies[page.copyIndex]!.student;
  const halves = page.pageNumbers.map((pageNumber, i) => {
    const header = pageNumber === 1 ? printedHeaderValues(student, { seed: options.seed }) : undefined;
    const spec = { pageNumber, pagesPerCopy: options.pagesPerCopy, header, qrText: page.sheetCodes[i] };
    return `<g transform="translate(${i * A4_MM.width} 0)">${pageSvg(spec, random)}</g>`;
  });
  const skew = options.rotationDeg ?? 0.8;
  return rasterise(
    halves.join(''),
    {
      widthMm: A4_MM.width * page.pageNumbers.length,
      heightMm: A4_MM.height,
      widthPx: size.widthPx,
      heightPx: size.heightPx,
      angleDeg: random.range(-skew, skew) + (page.upsideDown ? 180 : 0),
      noise: options.noise ?? 0.2,
      format: 'jpeg',
    },
    random,
  );
}

/**
 * Renders the plan's pages in output order, a few at a time (sharp works off the JS thread), and
 * hands each to `sink` in order, so at most `ahead` images are held in memory.
 */
export async function renderInOrder(
  truth: ScanTruth,
  options: ScanOptions,
  sink: (jpeg: Buffer, page: ScanPageTruth) => Promise<void>,
  ahead = 3,
): Promise<void> {
  const pending: Promise<Buffer>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < ahead && next < truth.pages.length) {
      const rendering = renderScanPage(truth.pages[next++]!, truth, options);
      // Awaited in turn below; this only stops a later page's failure counting as unhandled meanwhile.
      rendering.catch(() => undefined);
      pending.push(rendering);
    }
  };
  for (const page of truth.pages) {
    fill();
    const jpeg = await pending.shift()!;
    await sink(jpeg, page);
  }
}
