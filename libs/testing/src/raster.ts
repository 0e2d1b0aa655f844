import sharp from 'sharp';
import { type Random } from './random';

export interface RasterOptions {
  widthMm: number;
  heightMm: number;
  widthPx: number;
  heightPx: number;
  /** The sheet's skew in degrees (plus 180 when fed upside down). */
  angleDeg: number;
  /** 0..1: speckles and grain. */
  noise: number;
  /** Gaussian blur sigma in pixels (0 = sharp focus). */
  blur?: number;
  format: 'jpeg' | 'png';
}

/** Dust specks a scanner glass leaves, as dark dots in millimetres. */
function speckles(options: RasterOptions, random: Random): string {
  const count = Math.round(options.noise * 0.01 * options.widthMm * options.heightMm);
  let out = '';
  for (let i = 0; i < count; i++) {
    const x = random.range(0, options.widthMm).toFixed(2);
    const y = random.range(0, options.heightMm).toFixed(2);
    const grey = random.int(0x20, 0x70).toString(16);
    out += `<circle cx="${x}" cy="${y}" r="${random.range(0.03, 0.18).toFixed(3)}" fill="#${grey}${grey}${grey}"/>`;
  }
  return out;
}

/**
 * Paper grain: a cheap xorshift per pixel (Random per pixel would be ten times slower). No global
 * is read in the loop: under jest, code runs in a vm context where each read of a global (`Math`)
 * goes through the context's interceptor, which made this loop ~100 times slower than in node.
 */
function grain(pixels: Buffer, amplitude: number, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const value = pixels[i]! + (((s >>> 0) & 0xff) / 255 - 0.5) * amplitude;
    pixels[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
}

/**
 * Renders millimetre SVG content the way a scanner images a sheet: skewed, on off-white paper,
 * with specks and grain, greyscale, as one JPEG (or PNG).
 */
export async function rasterise(content: string, options: RasterOptions, random: Random): Promise<Buffer> {
  const { widthMm: w, heightMm: h, widthPx, heightPx } = options;
  const paper = random.int(238, 250);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">` +
    `<rect width="${w}" height="${h}" fill="rgb(${paper},${paper},${paper})"/>` +
    `<g transform="rotate(${options.angleDeg.toFixed(3)} ${w / 2} ${h / 2})">${content}</g>` +
    `${speckles(options, random)}</svg>`;
  const raw = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer();
  if (options.noise > 0) grain(raw, options.noise * 16, random.int(1, 0x7fffffff));
  let image = sharp(raw, { raw: { width: widthPx, height: heightPx, channels: 1 } }).toColourspace('b-w');
  if (options.blur && options.blur >= 0.3) image = image.blur(options.blur);
  return options.format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 80 }).toBuffer();
}
