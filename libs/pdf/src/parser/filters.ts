import zlib from 'node:zlib';
import { isArray, isDict, isName, isNumber, type PdfDict, type PdfObject } from './objects';

/** Thrown for a filter this reader does not decode (the caller falls back, e.g. to rasterising). */
export class UnsupportedFilterError extends Error {}

/** The filter names of a stream dictionary, in application order. */
export function filterNames(dict: PdfDict): string[] {
  const f = dict.get('Filter');
  if (isName(f)) return [f.name];
  if (isArray(f)) return f.filter((x) => isName(x)).map((x) => x.name);
  return [];
}

function decodeParms(dict: PdfDict, index: number): PdfDict | undefined {
  const p = dict.get('DecodeParms') ?? dict.get('DP');
  if (isDict(p)) return index === 0 ? p : undefined;
  if (isArray(p)) {
    const item = p[index];
    return isDict(item) ? item : undefined;
  }
  return undefined;
}

/**
 * Decodes the non-image filters met in structure streams (xref streams, object streams, content
 * streams): FlateDecode with PNG/TIFF predictors, ASCIIHexDecode. Anything else is unsupported here.
 */
export function decodeStream(data: Buffer, dict: PdfDict, maxOutput = 64 * 1024 * 1024): Buffer {
  let out = data;
  filterNames(dict).forEach((name, i) => {
    switch (name) {
      case 'FlateDecode':
      case 'Fl':
        out = inflate(out, maxOutput);
        out = unpredict(out, decodeParms(dict, i));
        break;
      case 'ASCIIHexDecode':
      case 'AHx':
        out = Buffer.from(out.toString('latin1').replace(/>.*$/s, '').replace(/[^0-9a-fA-F]/g, ''), 'hex');
        break;
      default:
        throw new UnsupportedFilterError(`filter ${name} is not decoded here`);
    }
  });
  return out;
}

function inflate(data: Buffer, maxOutput: number): Buffer {
  // SYNC_FLUSH accepts streams whose last block is damaged or cut, as most readers do.
  return zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: maxOutput });
}

const num = (d: PdfDict | undefined, key: string, fallback: number): number => {
  const v = d?.get(key) as PdfObject | undefined;
  return isNumber(v) ? v : fallback;
};

/** Undoes the PNG (10..15) or TIFF (2) predictor of §7.4.4.4. */
export function unpredict(data: Buffer, parms: PdfDict | undefined): Buffer {
  const predictor = num(parms, 'Predictor', 1);
  if (predictor <= 1) return data;
  const colors = num(parms, 'Colors', 1);
  const bpc = num(parms, 'BitsPerComponent', 8);
  const columns = num(parms, 'Columns', 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) return unpredictTiff(data, rowLength, bpp, bpc);
  return unpredictPng(data, rowLength, bpp);
}

function unpredictPng(data: Buffer, rowLength: number, bpp: number): Buffer {
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      out[dst + i] = (raw + predict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      return 0;
  }
}

function unpredictTiff(data: Buffer, rowLength: number, bpp: number, bpc: number): Buffer {
  if (bpc !== 8) throw new UnsupportedFilterError('TIFF predictor with other than 8 bits per component');
  const out = Buffer.from(data);
  for (let row = 0; row + rowLength <= out.length; row += rowLength) {
    for (let i = bpp; i < rowLength; i++) out[row + i] = (out[row + i]! + out[row + i - bpp]!) & 0xff;
  }
  return out;
}
