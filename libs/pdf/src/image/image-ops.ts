import { type NormalisedRect } from '@gradeline/contracts';
import sharp from 'sharp';

export interface EncodeOptions {
  /** Output format (default jpeg). */
  format?: 'jpeg' | 'png';
  /** JPEG quality 1..100 (default 85). */
  quality?: number;
}

export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Pixel size of an image from its header, without decoding it. */
export async function imageSize(image: Buffer): Promise<{ width: number; height: number }> {
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new Error('the image has no size');
  return { width, height };
}

/** A normalised rectangle (0..1 of the page) in pixels of a width×height image, at least 1×1, inside it. */
export function toPixels(rect: NormalisedRect, width: number, height: number): PixelRect {
  const left = Math.min(width - 1, Math.max(0, Math.round(rect.x * width)));
  const top = Math.min(height - 1, Math.max(0, Math.round(rect.y * height)));
  return {
    left,
    top,
    width: Math.max(1, Math.min(width - left, Math.round(rect.width * width))),
    height: Math.max(1, Math.min(height - top, Math.round(rect.height * height))),
  };
}

export function encode(pipeline: sharp.Sharp, options: EncodeOptions = {}): Promise<Buffer> {
  return options.format === 'png' ? pipeline.png().toBuffer() : pipeline.jpeg({ quality: options.quality ?? 85 }).toBuffer();
}

/** Turns a page upside down (for pages scanned the wrong way round). */
export function rotate180(jpeg: Buffer, options?: EncodeOptions): Promise<Buffer> {
  return encode(sharp(jpeg).rotate(180), options);
}

/** Cuts a region out of a page, e.g. the name header handed to the OCR. */
export async function cropRegion(image: Buffer, rect: NormalisedRect, options?: EncodeOptions): Promise<Buffer> {
  const { width, height } = await imageSize(image);
  return encode(sharp(image).extract(toPixels(rect, width, height)), options);
}

/** A smaller copy `width` pixels wide, keeping the aspect ratio. */
export function thumbnail(image: Buffer, width: number, options?: EncodeOptions): Promise<Buffer> {
  return encode(sharp(image).resize({ width: Math.max(1, Math.round(width)), withoutEnlargement: true }), options);
}

export interface MaskOptions extends EncodeOptions {
  /** Fill of the masked region (default white). */
  fill?: 'white' | 'grey';
}

/**
 * Paints a region over with a flat fill, e.g. the name header of a page served to a corrector:
 * the student's name is gone from the pixels, not hidden by the client.
 */
export async function maskRegion(image: Buffer, rect: NormalisedRect, options: MaskOptions = {}): Promise<Buffer> {
  const { width, height } = await imageSize(image);
  const px = toPixels(rect, width, height);
  const level = options.fill === 'grey' ? 200 : 255;
  const patch = { create: { width: px.width, height: px.height, channels: 3 as const, background: { r: level, g: level, b: level } } };
  return encode(sharp(image).composite([{ input: patch, left: px.left, top: px.top }]), options);
}
