import { Encodings, Font } from '@pdf-lib/standard-fonts';

const WIN_ANSI = Encodings.WinAnsi;

/** Letters WinAnsi lacks that have no base letter to fall back to by decomposition. */
const NO_DECOMPOSITION: Readonly<Record<string, string>> = {
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T', ŀ: 'l', Ŀ: 'L', ə: 'e', Ə: 'E', ʼ: '’', ʻ: '‘', '‐': '-', '‑': '-', '−': '-',
};

const encodable = (char: string) => WIN_ANSI.canEncodeUnicodeCodePoint(char.codePointAt(0)!);

/**
 * Text as PDF's standard fonts can print it (WinAnsi, which covers French: é è ê à ç œ « » …).
 * A letter outside it prints as its base letter (ș → s, ł → l), anything else as `?`; line breaks
 * and tabs become spaces.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(/\s/g, ' ')) {
    if (encodable(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += base.length > 0 && [...base].every(encodable) ? base : (NO_DECOMPOSITION[char] ?? '?');
  }
  return out;
}

export type FontName = 'Helvetica' | 'Helvetica-Bold' | 'Courier';

/** One of the standard 14 fonts with WinAnsi encoding: metrics to lay text out, bytes to show it. */
export class StandardFont {
  private readonly metrics: Font;

  constructor(
    readonly name: FontName,
    /** The font's name in the page resources, e.g. `F1`. */
    readonly resource: string,
  ) {
    this.metrics = Font.load(name);
  }

  /** The PDF object of the font. */
  dictionary(): string {
    return `<< /Type /Font /Subtype /Type1 /BaseFont /${this.name} /Encoding /WinAnsiEncoding >>`;
  }

  /** `text` (after toWinAnsi) as a PDF hex string of WinAnsi codes. */
  hex(text: string): string {
    let out = '<';
    for (const char of text) out += WIN_ANSI.encodeUnicodeCodePoint(char.codePointAt(0)!).code.toString(16).padStart(2, '0');
    return `${out}>`;
  }

  /** Width of `text` (after toWinAnsi) in points at `size`. */
  width(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.metrics.getWidthOfGlyph(WIN_ANSI.encodeUnicodeCodePoint(char.codePointAt(0)!).name) ?? 0;
    return (units * size) / 1000;
  }

  /** The longest start of `text` that fits `maxWidth` points, with an ellipsis when cut. */
  fit(text: string, size: number, maxWidth: number): string {
    if (this.width(text, size) <= maxWidth) return text;
    let cut = text;
    while (cut.length > 0 && this.width(`${cut}…`, size) > maxWidth) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }
}
