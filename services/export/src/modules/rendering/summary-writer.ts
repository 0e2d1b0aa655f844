import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { type Fonts } from './fonts';
import { wrapText } from './text-layout';

export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const GREY = rgb(0.35, 0.35, 0.35);

export interface TextStyle {
  size?: number;
  bold?: boolean;
  indent?: number;
  colour?: RGB;
  /** Text drawn at the right margin on the first line (a score). */
  right?: string;
}

/**
 * Writes flowing text onto summary pages, adding a page whenever the next line would not fit:
 * long remarks and comments continue on further pages and are never cut.
 */
export class SummaryWriter {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    /** Where summary pages go in the document (they come before the scans). */
    private readonly insertAt = 0,
  ) {
    this.newPage();
  }

  /** A paragraph, wrapped to the text width (less its indent). */
  paragraph(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.font(style);
    const indent = style.indent ?? 0;
    const rightWidth = style.right ? this.fonts.bold.widthOfTextAtSize(style.right, size) + 12 : 0;
    const lines = wrapText(text, font, size, A4.width - 2 * MARGIN - indent - rightWidth);
    lines.forEach((line, i) => {
      this.ensureRoom(size * 1.35);
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: style.colour ?? rgb(0, 0, 0) });
      if (i === 0 && style.right) {
        const w = this.fonts.bold.widthOfTextAtSize(style.right, size);
        this.page.drawText(style.right, { x: A4.width - MARGIN - w, y: this.y, size, font: this.fonts.bold });
      }
      this.y -= size * 1.35;
    });
  }

  gap(points = 6): void {
    this.y -= points;
  }

  rule(): void {
    this.ensureRoom(8);
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 4 }, end: { x: A4.width - MARGIN, y: this.y + 4 }, thickness: 0.5, color: GREY });
    this.y -= 6;
  }

  /** "page i / n" at the foot of every summary page, once the writing is done. */
  footer(text: string): void {
    this.pages.forEach((page, i) => {
      const line = `${text} · ${i + 1}/${this.pages.length}`;
      page.drawText(line, { x: MARGIN, y: MARGIN / 2, size: 7, font: this.fonts.regular, color: GREY });
    });
  }

  private font(style: TextStyle): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }

  private ensureRoom(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.insertPage(this.insertAt + this.pages.length, [A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }
}
