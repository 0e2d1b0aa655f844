import { DEFAULT_HEADER_REGION } from '@gradeline/contracts';
import { HEADER_MM, type HeaderStudent, nameHeaderSvg, printedHeaderValues } from './name-header';
import { createRandom } from './random';
import { rasterise } from './raster';
import { a4Pixels } from './scan-render';

export interface HeaderImageOptions {
  /** Whose name is written in the boxes; null = a blank header. */
  student: HeaderStudent | null;
  seed: number;
  /** Default 200. */
  dpi?: number;
  /** 0..1, default 0.2. */
  noise?: number;
  /** Gaussian blur sigma in pixels, default 0 (values under 0.3 mean none). */
  blur?: number;
  /** Largest absolute random skew in degrees, default 0.8. */
  rotationDeg?: number;
  /** Swap or drop one letter of a name; printedHeaderValues() tells which. */
  ocrSlip?: boolean;
  /** Default 'png'. */
  format?: 'png' | 'jpeg';
}

/**
 * The name header alone, as ingestion crops it from page 1 (DEFAULT_HEADER_REGION of an A4 scan
 * at `dpi`), drawn by the same code as the scans. For OCR tests and benchmarks.
 */
export async function generateHeaderImage(options: HeaderImageOptions): Promise<Buffer> {
  const random = createRandom(options.seed, 5);
  const page = a4Pixels(options.dpi ?? 200);
  const values = printedHeaderValues(options.student, { seed: options.seed, ocrSlip: options.ocrSlip });
  const skew = options.rotationDeg ?? 0.8;
  const content = `<g transform="translate(${-HEADER_MM.x} ${-HEADER_MM.y})">${nameHeaderSvg(values, random)}</g>`;
  return rasterise(
    content,
    {
      widthMm: HEADER_MM.width,
      heightMm: HEADER_MM.height,
      widthPx: Math.round(DEFAULT_HEADER_REGION.width * page.width),
      heightPx: Math.round(DEFAULT_HEADER_REGION.height * page.height),
      angleDeg: random.range(-skew, skew),
      noise: options.noise ?? 0.2,
      blur: options.blur ?? 0,
      format: options.format ?? 'png',
    },
    random,
  );
}
