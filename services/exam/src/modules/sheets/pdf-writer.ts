/**
 * Writes a PDF object by object and keeps only their offsets, so a long document streams out as
 * it is made (pdf-lib holds the whole document until it saves: 850 MB for 2,000 sheet pages).
 * Objects 1 (catalog) and 2 (page tree) are reserved and written last, when every page is known.
 */
export class PdfObjectWriter {
  private readonly offsets: number[] = [];
  private position = 0;
  private last = 2;

  /** The file header; the second line's high bytes mark the file as binary for transfer tools. */
  header(): Buffer {
    return this.track(Buffer.concat([Buffer.from('%PDF-1.4\n%', 'latin1'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), Buffer.from('\n', 'latin1')]));
  }

  /** A new object number. */
  allocate(): number {
    return ++this.last;
  }

  /** An object whose body is a dictionary (or any PDF value). */
  object(num: number, body: string): Buffer {
    this.offsets[num] = this.position;
    return this.track(Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1'));
  }

  /** A stream object: `entries` go into its dictionary with the length. */
  stream(num: number, entries: string, data: Buffer): Buffer {
    this.offsets[num] = this.position;
    return this.track(
      Buffer.concat([
        Buffer.from(`${num} 0 obj\n<< ${entries} /Length ${data.length} >>\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]),
    );
  }

  /** The page tree, catalog, cross-reference table and trailer. */
  end(pages: readonly number[]): Buffer {
    const tree = this.object(2, `<< /Type /Pages /Kids [${pages.map((p) => `${p} 0 R`).join(' ')}] /Count ${pages.length} >>`);
    const catalog = this.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    const start = this.position;
    let xref = `xref\n0 ${this.last + 1}\n0000000000 65535 f \n`;
    for (let num = 1; num <= this.last; num++) {
      const offset = this.offsets[num];
      if (offset === undefined) throw new Error(`object ${num} was allocated but never written`);
      xref += `${String(offset).padStart(10, '0')} 00000 n \n`;
    }
    xref += `trailer\n<< /Size ${this.last + 1} /Root 1 0 R >>\nstartxref\n${start}\n%%EOF\n`;
    return Buffer.concat([tree, catalog, this.track(Buffer.from(xref, 'latin1'))]);
  }

  private track(bytes: Buffer): Buffer {
    this.position += bytes.length;
    return bytes;
  }
}
