import { type RandomAccessSource } from '../source/random-access-source';
import { EndOfBuffer, Lexer, isWhite } from './lexer';
import { type PdfObject } from './objects';
import { PdfSyntaxError, Parser, parseObjectHeader } from './parser';

const FIRST_WINDOW = 4 * 1024;
const MAX_WINDOW = 64 * 1024 * 1024;

/**
 * Runs `parse` over a window of the source at `offset`, doubling the window while a token runs
 * past its end. Objects are small, so one cached 4 KiB read is the usual cost.
 */
export async function parseWindow<T>(
  src: RandomAccessSource,
  offset: number,
  parse: (lexer: Lexer) => T,
  firstWindow = FIRST_WINDOW,
): Promise<T> {
  for (let window = firstWindow; ; window *= 2) {
    const buf = await src.read(offset, window);
    const complete = offset + buf.length >= src.size;
    try {
      return parse(new Lexer(buf, 0, complete));
    } catch (error) {
      if (!(error instanceof EndOfBuffer) || complete) throw error;
      if (window >= MAX_WINDOW) throw new PdfSyntaxError(`object at ${offset} larger than ${MAX_WINDOW} bytes`);
    }
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfObject;
  /** Absolute offset of the stream data when the object is a stream (its dict is `value`). */
  streamStart?: number;
}

/** Reads the indirect object `num gen obj ... endobj` that starts at `offset`. */
export function readIndirectAt(src: RandomAccessSource, offset: number): Promise<IndirectObject> {
  return parseWindow(src, offset, (lexer) => {
    const parser = new Parser(lexer);
    const { num, gen } = parseObjectHeader(parser);
    const value = parser.parse();
    const after = parser.token();
    if (after.kind !== 'keyword' || after.value !== 'stream') return { num, gen, value };
    let pos = parser.position;
    while (lexer.buf[pos] === 0x20) pos++; // writers that put spaces before the EOL
    if (lexer.buf[pos] === 13) pos++;
    if (lexer.buf[pos] === 10) pos++;
    if (pos >= lexer.buf.length && !lexer.complete) throw new EndOfBuffer();
    return { num, gen, value, streamStart: offset + pos };
  });
}

const ENDSTREAM = Buffer.from('endstream');

/**
 * The real length of stream data starting at `start`: the declared one when `endstream` follows
 * it, else the distance to the next `endstream` (writers get /Length wrong more often than one
 * would think). Null when no `endstream` can be found.
 */
export async function streamLength(src: RandomAccessSource, start: number, declared: number | undefined): Promise<number | null> {
  if (declared !== undefined && declared >= 0 && start + declared <= src.size) {
    const tail = await src.read(start + declared, 64);
    let i = 0;
    while (i < tail.length && isWhite(tail[i]!)) i++;
    if (tail.subarray(i, i + ENDSTREAM.length).equals(ENDSTREAM) || start + declared + i >= src.size) return declared;
  }
  return scanForEndstream(src, start);
}

async function scanForEndstream(src: RandomAccessSource, start: number): Promise<number | null> {
  const chunk = 1024 * 1024;
  for (let at = start; at < src.size; at += chunk - ENDSTREAM.length) {
    const buf = await src.read(at, chunk);
    const hit = buf.indexOf(ENDSTREAM);
    if (hit >= 0) {
      let end = at + hit;
      const before = await src.read(Math.max(start, end - 2), Math.min(2, end - start));
      // The EOL before endstream belongs to the syntax, not the data.
      if (before.length === 2 && before[0] === 13 && before[1] === 10) end -= 2;
      else if (before.length >= 1 && (before.at(-1) === 10 || before.at(-1) === 13)) end -= 1;
      return end - start;
    }
    if (buf.length < chunk) break;
  }
  return null;
}
