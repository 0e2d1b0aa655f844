import zlib from 'node:zlib';

/**
 * Writes PDFs by hand, object by object, so tests control the structures pdf-lib never emits:
 * cross-reference streams with PNG predictors, object streams, indirect /Length, inherited page
 * attributes, hybrid files, broken tables.
 */
export interface HandObject {
  num: number;
  /** The object body (a dictionary, array, number…), without `n 0 obj`. */
  body: string;
  /** Stream data; `body` then is the stream dictionary without /Length unless `lengthRef` is set. */
  stream?: Buffer;
  /** Write /Length as a reference to this object number (which the caller defines). */
  lengthRef?: number;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function objectBytes(o: HandObject): Buffer {
  if (!o.stream) return latin1(`${o.num} 0 obj\n${o.body}\nendobj\n`);
  const length = o.lengthRef ? `${o.lengthRef} 0 R` : String(o.stream.length);
  const dict = o.body.replace(/>>\s*$/, ` /Length ${length}>>`);
  return Buffer.concat([latin1(`${o.num} 0 obj\n${dict}\nstream\n`), o.stream, latin1('\nendstream\nendobj\n')]);
}

/** A classic file: objects, an `xref` table and a `trailer`. */
export function classicPdf(objects: HandObject[], trailer: string, version = '1.4'): Buffer {
  const parts: Buffer[] = [latin1(`%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`)];
  let offset = parts[0]!.length;
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.num, offset);
    const b = objectBytes(o);
    parts.push(b);
    offset += b.length;
  }
  const size = Math.max(0, ...objects.map((o) => o.num)) + 1;
  let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) {
    const at = offsets.get(n);
    table += at === undefined ? '0000000000 00000 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
  }
  parts.push(latin1(`${table}trailer\n<<${trailer} /Size ${size}>>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** PNG "Up" predictor rows (type 2), as PDF writers use for xref streams. */
function pngUp(rows: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let prev: Buffer = Buffer.alloc(rows[0]!.length);
  for (const row of rows) {
    const filtered = Buffer.alloc(row.length);
    for (let i = 0; i < row.length; i++) filtered[i] = (row[i]! - prev[i]!) & 0xff;
    out.push(Buffer.from([2]), filtered);
    prev = row;
  }
  return Buffer.concat(out);
}

function row(type: number, a: number, b: number): Buffer {
  const r = Buffer.alloc(1 + 4 + 2);
  r[0] = type;
  r.writeUInt32BE(a, 1);
  r.writeUInt16BE(b, 5);
  return r;
}

/**
 * A PDF 1.5 file with a cross-reference stream (Flate + PNG Up predictor, /W [1 4 2]) and one
 * object stream holding every `packed` object; `loose` objects (streams) are written at offsets.
 */
export function xrefStreamPdf(loose: HandObject[], packed: HandObject[], rootNum: number): Buffer {
  const nums = [...loose, ...packed].map((o) => o.num);
  const objStmNum = Math.max(...nums) + 1;
  const xrefNum = objStmNum + 1;
  const parts: Buffer[] = [latin1('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n')];
  let offset = parts[0]!.length;
  const rows = new Map<number, Buffer>();
  for (const o of loose) {
    rows.set(o.num, row(1, offset, 0));
    const b = objectBytes(o);
    parts.push(b);
    offset += b.length;
  }
  let header = '';
  let bodies = '';
  packed.forEach((o, i) => {
    header += `${o.num} ${bodies.length} `;
    bodies += `${o.body}\n`;
    rows.set(o.num, row(2, objStmNum, i));
  });
  const objStm = zlib.deflateSync(latin1(header + bodies));
  const stm = objectBytes({ num: objStmNum, body: `<</Type /ObjStm /N ${packed.length} /First ${header.length} /Filter /FlateDecode>>`, stream: objStm });
  rows.set(objStmNum, row(1, offset, 0));
  parts.push(stm);
  offset += stm.length;
  rows.set(xrefNum, row(1, offset, 0));
  const all: Buffer[] = [row(0, 0, 65535)];
  for (let n = 1; n <= xrefNum; n++) all.push(rows.get(n) ?? row(0, 0, 0));
  const data = zlib.deflateSync(pngUp(all));
  const dict = `<</Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Root ${rootNum} 0 R /Filter /FlateDecode /DecodeParms <</Predictor 12 /Columns 7>>>>`;
  parts.push(objectBytes({ num: xrefNum, body: dict, stream: data }), latin1(`startxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}
