import { filterNames } from '../parser/filters';
import { type ObjectStore } from '../parser/object-store';
import { PdfStream, dictOf, isArray, isName, isNumber, type PdfDict, type PdfObject } from '../parser/objects';
import { summariseContent, type Matrix } from './page-content';

export type Rotation = 0 | 90 | 180 | 270;
export type ImageColorSpace = 'gray' | 'rgb' | 'cmyk' | 'indexed' | 'other';

/** An image XObject a page draws. */
export interface PageImage {
  /** Its name in the page resources (`Im0`). */
  name: string;
  widthPx: number;
  heightPx: number;
  /** Its filters in order, e.g. ['DCTDecode'] for an embedded JPEG. */
  filters: string[];
  colorSpace: ImageColorSpace;
  bitsPerComponent: number;
  /** The share of the page box the image covers, 0..1. */
  coverage: number;
  /** Clockwise turn of the image as drawn on the page; null when skewed or mirrored. */
  rotation: Rotation | null;
}

export interface PdfPage {
  index: number;
  /** The visible box (CropBox within MediaBox), before /Rotate. */
  widthPt: number;
  heightPt: number;
  /** The page's /Rotate: clockwise turn applied when it is displayed. */
  rotate: Rotation;
  images: PageImage[];
  /** One image covering (almost) the whole page and no other visible marks. */
  scanned: boolean;
}

/** A page's image with what extraction needs beside the public description. */
export interface PageImageDetail extends PageImage {
  stream: PdfStream;
}

/** Images covering at least this share of the page count as a full-page scan. */
export const SCAN_COVERAGE = 0.9;

type Box = [number, number, number, number];

async function box(store: ObjectStore, o: PdfObject | undefined): Promise<Box | null> {
  const arr = await store.resolve(o);
  if (!isArray(arr) || arr.length < 4) return null;
  const n: number[] = [];
  for (const v of arr.slice(0, 4)) {
    const r = await store.resolve(v);
    if (!isNumber(r)) return null;
    n.push(r);
  }
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}

function intersect(a: Box, b: Box): Box {
  const r: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : a;
}

/** Rotation of an image drawn with `ctm`; null when not a multiple of 90° or mirrored. */
export function imageRotation(m: Matrix): Rotation | null {
  const [a, b, c, d] = m;
  const eps = 1e-6 * Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  if (Math.abs(b) <= eps && Math.abs(c) <= eps) {
    if (a > 0 && d > 0) return 0;
    if (a < 0 && d < 0) return 180;
    return null;
  }
  if (Math.abs(a) <= eps && Math.abs(d) <= eps) {
    if (b > 0 && c < 0) return 270;
    if (b < 0 && c > 0) return 90;
  }
  return null;
}

function coverage(m: Matrix, page: Box): number {
  const xs = [m[4], m[4] + m[0], m[4] + m[2], m[4] + m[0] + m[2]];
  const ys = [m[5], m[5] + m[1], m[5] + m[3], m[5] + m[1] + m[3]];
  const w = Math.min(Math.max(...xs), page[2]) - Math.max(Math.min(...xs), page[0]);
  const h = Math.min(Math.max(...ys), page[3]) - Math.max(Math.min(...ys), page[1]);
  const area = (page[2] - page[0]) * (page[3] - page[1]);
  return w > 0 && h > 0 && area > 0 ? Math.min(1, (w * h) / area) : 0;
}

async function colorSpace(store: ObjectStore, o: PdfObject | undefined): Promise<ImageColorSpace> {
  const cs = await store.resolve(o);
  const name = isArray(cs) ? await store.resolve(cs[0]) : cs;
  if (isName(name, 'DeviceGray') || isName(name, 'CalGray') || isName(name, 'G')) return 'gray';
  if (isName(name, 'DeviceRGB') || isName(name, 'CalRGB') || isName(name, 'RGB')) return 'rgb';
  if (isName(name, 'DeviceCMYK') || isName(name, 'CMYK')) return 'cmyk';
  if (isName(name, 'Indexed') || isName(name, 'I')) return 'indexed';
  if (isName(name, 'ICCBased') && isArray(cs)) {
    const n = dictOf(await store.resolve(cs[1]))?.get('N');
    return n === 1 ? 'gray' : n === 3 ? 'rgb' : n === 4 ? 'cmyk' : 'other';
  }
  return 'other';
}

const normaliseRotate = (r: PdfObject | undefined): Rotation => {
  const v = isNumber(r) ? ((Math.round(r / 90) * 90) % 360) + 360 : 360;
  return (v % 360) as Rotation;
};

/** Describes page `index` from its (inherited-filled) dictionary. */
export async function describePage(store: ObjectStore, page: PdfDict, index: number): Promise<{ page: PdfPage; details: PageImageDetail[] }> {
  const media = (await box(store, page.get('MediaBox'))) ?? [0, 0, 612, 792];
  const crop = await box(store, page.get('CropBox'));
  const visible = crop ? intersect(crop, media) : media;
  const resources = dictOf(await store.resolve(page.get('Resources')));
  const xobjects = dictOf(await store.resolve(resources?.get('XObject')));
  const content = await summariseContent(store, page, xobjects);
  const details: PageImageDetail[] = [];
  for (const draw of content.images) {
    const stream = await store.resolve(xobjects?.get(draw.name));
    if (!(stream instanceof PdfStream)) continue;
    const d = stream.dict;
    const [w, h, bpc] = await Promise.all(['Width', 'Height', 'BitsPerComponent'].map((k) => store.resolve(d.get(k))));
    details.push({
      name: draw.name,
      widthPx: isNumber(w) ? w : 0,
      heightPx: isNumber(h) ? h : 0,
      filters: filterNames(d),
      colorSpace: await colorSpace(store, d.get('ColorSpace')),
      bitsPerComponent: isNumber(bpc) ? bpc : 8,
      coverage: coverage(draw.ctm, visible),
      rotation: imageRotation(draw.ctm),
      stream,
    });
  }
  const scanned = !content.otherMarks && details.length === 1 && details[0]!.coverage >= SCAN_COVERAGE;
  const images = details.map(({ stream: _stream, ...image }) => image);
  const rotate = normaliseRotate(await store.resolve(page.get('Rotate')));
  const size = { widthPt: visible[2] - visible[0], heightPt: visible[3] - visible[1] };
  return { page: { index, ...size, rotate, images, scanned }, details };
}
