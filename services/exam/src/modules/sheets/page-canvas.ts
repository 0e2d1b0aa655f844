import QRCode from 'qrcode';
import { type StandardFont } from './win-ansi';

/** A4 in millimetres and in points. */
export const A4 = { widthMm: 210, heightMm: 297, widthPt: 595.28, heightPt: 841.89 } as const;
export const PT_PER_MM = 72 / 25.4;
const n = (value: number) => (Math.round(value * 100) / 100).toString();

export type Align = 'left' | 'center' | 'right';

/**
 * Drawing operators for one A4 page, in millimetres from the top-left corner (PDF counts points
 * from the bottom-left). Greys are 0 (black) to 1 (white).
 */
export class PageCanvas {
  private readonly ops: string[] = [];

  private x(mm: number): string {
    return n(mm * PT_PER_MM);
  }

  private y(mm: number): string {
    return n(A4.heightPt - mm * PT_PER_MM);
  }

  strokeRect(x: number, y: number, w: number, h: number, lineMm: number, grey = 0): void {
    this.ops.push(`q ${n(grey)} G ${n(lineMm * PT_PER_MM)} w ${this.x(x)} ${this.y(y + h)} ${n(w * PT_PER_MM)} ${n(h * PT_PER_MM)} re S Q`);
  }

  fillRect(x: number, y: number, w: number, h: number, grey = 0): void {
    this.ops.push(`q ${n(grey)} g ${this.x(x)} ${this.y(y + h)} ${n(w * PT_PER_MM)} ${n(h * PT_PER_MM)} re f Q`);
  }

  line(x1: number, y1: number, x2: number, y2: number, lineMm: number, grey = 0): void {
    this.ops.push(`q ${n(grey)} G ${n(lineMm * PT_PER_MM)} w ${this.x(x1)} ${this.y(y1)} m ${this.x(x2)} ${this.y(y2)} l S Q`);
  }

  /** Text whose baseline is at `y`; `text` must already be WinAnsi (toWinAnsi). */
  text(font: StandardFont, sizePt: number, x: number, y: number, text: string, align: Align = 'left'): void {
    const width = font.width(text, sizePt) / PT_PER_MM;
    const left = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
    this.ops.push(`BT /${font.resource} ${n(sizePt)} Tf ${this.x(left)} ${this.y(y)} Td ${font.hex(text)} Tj ET`);
  }

  /**
   * A QR code of `text` (error correction M, as libs/pdf's renderSheetQr), its symbol `size` mm
   * wide with the top-left at (x, y), drawn as vector runs on a white 4-module quiet zone: sharp at
   * any printer resolution, and about 1 ms per code instead of ~5 ms to render and embed a PNG.
   */
  qr(text: string, x: number, y: number, size: number): void {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const cell = size / modules.size;
    const quiet = 4 * cell;
    this.fillRect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, 1);
    const runs: string[] = [];
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; ) {
        if (!modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < modules.size && modules.get(row, col)) col++;
        const [left, top] = [x + start * cell, y + row * cell];
        runs.push(`${this.x(left)} ${this.y(top + cell)} ${n((col - start) * cell * PT_PER_MM)} ${n(cell * PT_PER_MM)} re`);
      }
    }
    this.ops.push(`q 0 g ${runs.join(' ')} f Q`);
  }

  /** The page's content stream (uncompressed). */
  content(): Buffer {
    return Buffer.from(this.ops.join('\n'), 'latin1');
  }
}
