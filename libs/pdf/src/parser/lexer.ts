import { PdfName, PdfString } from './objects';

/** Thrown when a token runs past the end of a window that is not the end of the file. */
export class EndOfBuffer extends Error {
  constructor() {
    super('end of buffer');
  }
}

export type Token =
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'name'; value: PdfName }
  | { kind: 'string'; value: PdfString }
  | { kind: 'delim'; value: '[' | ']' | '<<' | '>>' | '{' | '}' }
  | { kind: 'keyword'; value: string }
  | { kind: 'eof' };

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export const isWhite = (c: number): boolean => WHITE[c] === 1;
const isRegular = (c: number): boolean => WHITE[c] === 0 && DELIM[c] === 0;
const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/**
 * A PDF tokenizer over one buffer (ISO 32000-1 §7.2): comments, names with #xx escapes, literal
 * strings with escapes and nested parentheses, hex strings, numbers, keywords and delimiters.
 * `complete` says whether the buffer ends where the data ends; if not, a token cut by the end
 * throws EndOfBuffer so the caller can read a bigger window.
 */
export class Lexer {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    readonly complete = true,
  ) {}

  private atEnd(): boolean {
    if (this.pos < this.buf.length) return false;
    if (!this.complete) throw new EndOfBuffer();
    return true;
  }

  skipWhitespace(): void {
    while (this.pos < this.buf.length) {
      const c = this.buf[this.pos]!;
      if (WHITE[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.buf.length && this.buf[this.pos] !== 10 && this.buf[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  next(): Token {
    this.skipWhitespace();
    if (this.atEnd()) return { kind: 'eof' };
    const c = this.buf[this.pos]!;
    switch (c) {
      case 0x2f /* / */:
        return { kind: 'name', value: this.readName() };
      case 0x28 /* ( */:
        return { kind: 'string', value: this.readLiteral() };
      case 0x3c /* < */:
        if (this.peekByte(1) === 0x3c) return this.delim('<<', 2);
        return { kind: 'string', value: this.readHex() };
      case 0x3e /* > */:
        if (this.peekByte(1) === 0x3e) return this.delim('>>', 2);
        this.pos++;
        return this.next();
      case 0x5b:
        return this.delim('[', 1);
      case 0x5d:
        return this.delim(']', 1);
      case 0x7b:
        return this.delim('{', 1);
      case 0x7d:
        return this.delim('}', 1);
      case 0x29 /* stray ) */:
        this.pos++;
        return this.next();
      default:
        return this.readRegular();
    }
  }

  private peekByte(ahead: number): number | undefined {
    if (this.pos + ahead >= this.buf.length && !this.complete) throw new EndOfBuffer();
    return this.buf[this.pos + ahead];
  }

  private delim(value: '[' | ']' | '<<' | '>>' | '{' | '}', width: number): Token {
    this.pos += width;
    return { kind: 'delim', value };
  }

  private readRun(): string {
    const start = this.pos;
    while (this.pos < this.buf.length && isRegular(this.buf[this.pos]!)) this.pos++;
    if (this.pos >= this.buf.length && !this.complete) throw new EndOfBuffer();
    return this.buf.toString('latin1', start, this.pos);
  }

  private readName(): PdfName {
    this.pos++;
    const raw = this.readRun();
    return PdfName.of(raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
  }

  private readRegular(): Token {
    const text = this.readRun();
    if (text.length === 0) {
      this.pos++; // a byte no token starts with: skip it rather than loop
      return this.next();
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
      return { kind: 'number', value: Number(text), integer: /^[+-]?\d+$/.test(text) };
    }
    if (/^[+-]?[\d.]+$/.test(text)) return { kind: 'number', value: parseFloat(text.replace(/(\..*)\./g, '$1')) || 0, integer: false };
    return { kind: 'keyword', value: text };
  }

  private readHex(): PdfString {
    this.pos++;
    const out: number[] = [];
    let high = -1;
    for (;;) {
      if (this.atEnd()) break;
      const c = this.buf[this.pos++]!;
      if (c === 0x3e) break;
      const v = hexValue(c);
      if (v < 0) continue;
      if (high < 0) high = v;
      else {
        out.push((high << 4) | v);
        high = -1;
      }
    }
    if (high >= 0) out.push(high << 4);
    return new PdfString(Buffer.from(out), true);
  }

  private readLiteral(): PdfString {
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      if (this.atEnd()) break;
      const c = this.buf[this.pos++]!;
      if (c === 0x5c /* \ */) {
        this.readEscape(out);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) break;
      out.push(c);
    }
    return new PdfString(Buffer.from(out));
  }

  private readEscape(out: number[]): void {
    if (this.atEnd()) return;
    const c = this.buf[this.pos++]!;
    const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };
    if (simple[c] !== undefined) out.push(simple[c]);
    else if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let i = 0; i < 2 && this.pos < this.buf.length; i++) {
        const d = this.buf[this.pos]!;
        if (d < 0x30 || d > 0x37) break;
        v = v * 8 + (d - 0x30);
        this.pos++;
      }
      out.push(v & 0xff);
    } else if (c === 13) {
      if (this.buf[this.pos] === 10) this.pos++; // line continuation \CRLF
    } else if (c !== 10) out.push(c);
  }
}
