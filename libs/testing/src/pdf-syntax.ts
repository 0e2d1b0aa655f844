/**
 * Just enough PDF syntax to write files by hand: indirect objects, the cross-reference table and
 * the trailer. Used by the streaming scan writer and by the malformed-PDF fixtures.
 */

/** The header, with the binary comment line readers use to detect 8-bit content. */
export const PDF_HEADER = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');

export interface PdfObject {
  /** The dictionary or value, in PDF syntax. */
  body: string;
  /** Stream bytes; `/Length` is added to the dictionary. */
  stream?: Buffer;
}

export function objectBytes(num: number, object: PdfObject): Buffer {
  if (!object.stream) return Buffer.from(`${num} 0 obj\n${object.body}\nendobj\n`, 'latin1');
  const dict = object.body.replace(/>>\s*$/, `/Length ${object.stream.length} >>`);
  return Buffer.concat([
    Buffer.from(`${num} 0 obj\n${dict}\nstream\n`, 'latin1'),
    object.stream,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
}

/** The xref table for objects 1..n (offsets[i - 1] = object i), the trailer and startxref. */
export function xrefAndTrailer(offsets: readonly number[], xrefOffset: number, trailerExtra = ''): Buffer {
  const rows = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const trailer = `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${rows}${trailer}`, 'latin1');
}

/** A whole PDF in memory from objects numbered 1..n; object 1 must be the catalog. */
export function buildPdf(objects: readonly PdfObject[], trailerExtra = ''): Buffer {
  const chunks: Buffer[] = [PDF_HEADER];
  const offsets: number[] = [];
  let length = PDF_HEADER.length;
  objects.forEach((object, i) => {
    const bytes = objectBytes(i + 1, object);
    offsets.push(length);
    chunks.push(bytes);
    length += bytes.length;
  });
  chunks.push(xrefAndTrailer(offsets, length, trailerExtra));
  return Buffer.concat(chunks);
}
