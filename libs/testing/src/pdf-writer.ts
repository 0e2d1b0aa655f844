import { type FileHandle, open } from 'node:fs/promises';
import { jpegInfo } from './jpeg-info';
import { objectBytes, PDF_HEADER, type PdfObject, xrefAndTrailer } from './pdf-syntax';

const COLOUR_SPACES = { 1: '/DeviceGray', 3: '/DeviceRGB', 4: '/DeviceCMYK' } as const;

/**
 * Writes a "one JPEG per page" PDF straight to disk, as scanners do, holding only the object
 * offsets in memory (pdf-lib keeps the whole document, too much for 2,000-page batches).
 * Objects: 1 catalog and 2 page tree (written last), then image, content and page per page.
 */
export class JpegPdfWriter {
  private readonly offsets: number[] = [];
  private readonly pageRefs: string[] = [];
  private position = 0;

  private constructor(private readonly file: FileHandle) {}

  static async create(path: string): Promise<JpegPdfWriter> {
    const writer = new JpegPdfWriter(await open(path, 'w'));
    await writer.write(PDF_HEADER);
    return writer;
  }

  /** Appends a page of `widthPt` x `heightPt` points showing `jpeg` over the whole page. */
  async addPage(jpeg: Buffer, widthPt: number, heightPt: number): Promise<void> {
    const { width, height, components } = jpegInfo(jpeg);
    const first = 3 + this.pageRefs.length * 3;
    const [image, content, page] = [first, first + 1, first + 2];
    const w = widthPt.toFixed(2);
    const h = heightPt.toFixed(2);
    await this.writeObject(image, {
      body: `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace ${COLOUR_SPACES[components]} /BitsPerComponent 8 /Filter /DCTDecode >>`,
      stream: jpeg,
    });
    await this.writeObject(content, { body: '<< >>', stream: Buffer.from(`q\n${w} 0 0 ${h} 0 0 cm\n/Im0 Do\nQ`, 'latin1') });
    await this.writeObject(page, {
      body: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`,
    });
    this.pageRefs.push(`${page} 0 R`);
  }

  /** Writes the page tree, catalog, xref and trailer, and closes the file. */
  async close(): Promise<void> {
    try {
      await this.writeObject(2, { body: `<< /Type /Pages /Kids [${this.pageRefs.join(' ')}] /Count ${this.pageRefs.length} >>` });
      await this.writeObject(1, { body: '<< /Type /Catalog /Pages 2 0 R >>' });
      await this.write(xrefAndTrailer(this.offsets, this.position));
    } finally {
      await this.file.close();
    }
  }

  /** Closes the file without finishing it (after a failure). */
  async abort(): Promise<void> {
    await this.file.close();
  }

  private async writeObject(num: number, object: PdfObject): Promise<void> {
    this.offsets[num - 1] = this.position;
    await this.write(objectBytes(num, object));
  }

  private async write(bytes: Buffer): Promise<void> {
    const { bytesWritten } = await this.file.write(bytes, 0, bytes.length, this.position);
    if (bytesWritten !== bytes.length) throw new Error('short write');
    this.position += bytes.length;
  }
}
