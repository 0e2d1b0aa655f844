import { type PDFFont } from 'pdf-lib';

/**
 * Text as people typed it, made safe to draw: Unicode NFC (so "é" typed as e + accent draws as
 * one glyph), tabs as spaces, other control characters dropped; line breaks are kept.
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '');
}

/**
 * Breaks text into lines no wider than `maxWidth` at `size`: at spaces where possible, inside a
 * word only when the word alone is too wide. Nothing is dropped: joining the lines (with the
 * spaces they were broken at) gives the text back. Each word is measured once (glyph widths add
 * up: pdf-lib draws without kerning), so long remarks wrap in linear time.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const widths = new Map<string, number>();
  const width = (s: string) => {
    let w = widths.get(s);
    if (w === undefined) {
      w = font.widthOfTextAtSize(s, size);
      widths.set(s, w);
    }
    return w;
  };
  const space = width(' ');
  const lines: string[] = [];
  for (const paragraph of cleanText(text).split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/ +/)) {
      const wordWidth = width(word);
      if (line && lineWidth + space + wordWidth <= maxWidth) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      const pieces = wordWidth <= maxWidth ? [word] : splitLongWord(word, width, maxWidth);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? '';
      lineWidth = width(line);
    }
    lines.push(line);
  }
  return lines;
}

function splitLongWord(word: string, width: (s: string) => number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  for (const char of Array.from(word)) {
    const w = width(char);
    if (piece && pieceWidth + w > maxWidth) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += char;
    pieceWidth += w;
  }
  return [...pieces, piece];
}
