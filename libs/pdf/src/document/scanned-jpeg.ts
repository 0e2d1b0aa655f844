import { type ObjectStore } from '../parser/object-store';
import { isArray, isNumber } from '../parser/objects';
import { type ImageColorSpace, type PageImageDetail, type PdfPage, type Rotation } from './page-info';

export interface ScannedJpeg {
  /** The JPEG exactly as embedded in the PDF. */
  jpeg: Buffer;
  widthPx: number;
  heightPx: number;
  colorSpace: ImageColorSpace;
  /**
   * Clockwise degrees to turn the JPEG so it looks like the displayed page: the page's /Rotate
   * plus any turn in how the image is drawn. 0 for ordinary scans.
   */
  rotate: Rotation;
  /** Page size in points, as displayed (after /Rotate). */
  widthPt: number;
  heightPt: number;
}

const DCT = new Set(['DCTDecode', 'DCT']);

/** Things that make the embedded bytes differ from what the page shows: not a plain JPEG page then. */
async function alteredWhenDrawn(store: ObjectStore, image: PageImageDetail): Promise<boolean> {
  const d = image.stream.dict;
  if ((await store.resolve(d.get('ImageMask'))) === true) return true;
  if (d.has('SMask') || d.has('Mask')) return true;
  const decode = await store.resolve(d.get('Decode'));
  // A /Decode other than the default [0 1 ...] inverts or remaps the samples.
  return isArray(decode) && decode.some((v, i) => !isNumber(v) || v !== i % 2);
}

/** The JPEG of a page already known to be a one-image scan, or null when it is not a plain JPEG. */
export async function scannedJpegOf(store: ObjectStore, page: PdfPage, image: PageImageDetail): Promise<ScannedJpeg | null> {
  if (image.filters.length !== 1 || !DCT.has(image.filters[0]!)) return null;
  if (image.rotation === null || image.bitsPerComponent !== 8) return null;
  if (await alteredWhenDrawn(store, image)) return null;
  const jpeg = await store.rawBytes(image.stream);
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  const turned = page.rotate === 90 || page.rotate === 270;
  return {
    jpeg,
    widthPx: image.widthPx,
    heightPx: image.heightPx,
    colorSpace: image.colorSpace,
    rotate: ((image.rotation + page.rotate) % 360) as Rotation,
    widthPt: turned ? page.heightPt : page.widthPt,
    heightPt: turned ? page.widthPt : page.heightPt,
  };
}
