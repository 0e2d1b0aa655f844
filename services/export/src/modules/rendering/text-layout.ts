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
 * spaces they were broken at) gives the text back.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const width = (s: string) => font.widthOfTextAtSize(s, size);
  const lines: string[] = [];
  for (const paragraph of cleanText(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (width(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      for (const piece of splitLongWord(word, width, maxWidth)) {
        if (line) lines.push(line);
        line = piece;
      }
    }
    lines.push(line);
  }
  return lines;
}

function splitLongWord(word: string, width: (s: string) => number, maxWidth: number): string[] {
  if (width(word) <= maxWidth) return [word];
  const pieces: string[] = [];
  let piece = '';
  for (const char of Array.from(word)) {
    if (piece && width(piece + char) > maxWidth) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece) pieces.push(piece);
  return pieces;
}
