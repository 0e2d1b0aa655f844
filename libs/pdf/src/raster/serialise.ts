import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../parser/objects';

const NAME_SAFE = /^[!-~]$/;
const NAME_ESCAPE = new Set([...'()<>[]{}/%#']);

function name(n: PdfName): string {
  let out = '/';
  for (const ch of n.name) {
    out += NAME_SAFE.test(ch) && !NAME_ESCAPE.has(ch) ? ch : `#${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return out;
}

function number(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (!Number.isFinite(n)) return '0';
  return n.toFixed(6).replace(/\.?0+$/, '');
}

/**
 * Writes a direct object in PDF syntax. `ref` renumbers references into the new file; streams are
 * written by the caller, since only indirect objects may be streams.
 */
export function serialise(o: PdfObject, ref: (r: PdfRef) => string): string {
  if (o === null) return 'null';
  if (typeof o === 'boolean') return o ? 'true' : 'false';
  if (typeof o === 'number') return number(o);
  if (o instanceof PdfName) return name(o);
  if (o instanceof PdfString) return `<${o.bytes.toString('hex')}>`;
  if (o instanceof PdfRef) return ref(o);
  if (Array.isArray(o)) return `[${o.map((x) => serialise(x, ref)).join(' ')}]`;
  if (o instanceof PdfDict) return dict(o, ref);
  if (o instanceof PdfStream) return dict(o.dict, ref);
  return 'null';
}

function dict(d: PdfDict, ref: (r: PdfRef) => string): string {
  const parts: string[] = [];
  for (const [k, v] of d.entries) parts.push(`${name(PdfName.of(k))} ${serialise(v, ref)}`);
  return `<<${parts.join(' ')}>>`;
}

/** Assembles a PDF from numbered objects (1..n, in order) with a classic cross-reference table. */
export function assemblePdf(objects: Buffer[], rootNum: number): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const head = Buffer.from(`${i + 1} 0 obj\n`);
    const tail = Buffer.from('\nendobj\n');
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  });
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  const size = objects.length + 1;
  parts.push(
    Buffer.from(
      `xref\n0 ${size}\n0000000000 65535 f \n${rows}trailer\n<</Size ${size} /Root ${rootNum} 0 R>>\nstartxref\n${offset}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}
