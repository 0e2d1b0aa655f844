import { CorruptPdfError, TruncatedPdfError } from '../errors';
import { type RandomAccessSource } from '../source/random-access-source';
import { decodeStream } from './filters';
import { type Lexer } from './lexer';
import { readIndirectAt, parseWindow } from './object-reader';
import { PdfDict, isArray, isDict, isName, isNumber, type PdfObject } from './objects';
import { Parser } from './parser';

/** Where an object lives: at a byte offset (type 1) or inside an object stream (type 2). */
export type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

export interface XrefTable {
  entries: Map<number, XrefEntry>;
  /** The newest trailer, completed with keys only older trailers have. */
  trailer: PdfDict;
}

const TAIL = 2048;

/** Finds `startxref` in the tail of the file; TruncatedPdfError when the tail is not a PDF end. */
export async function findStartXref(src: RandomAccessSource): Promise<number> {
  const start = Math.max(0, src.size - TAIL);
  const tail = (await src.read(start, src.size - start)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new TruncatedPdfError('the PDF has no %%EOF marker at its end');
  const m = /startxref\s+(\d+)\s*%%EOF(?![\s\S]*startxref)/.exec(tail) ?? /startxref\s+(\d+)(?![\s\S]*startxref)/.exec(tail);
  if (!m) throw new TruncatedPdfError('the PDF has no startxref');
  const offset = Number(m[1]);
  if (offset >= src.size) throw new TruncatedPdfError('the cross-reference lies beyond the end of the file');
  return offset;
}

/** Reads every cross-reference section from startxref along /Prev (and hybrid /XRefStm) links. */
export async function readXref(src: RandomAccessSource): Promise<XrefTable> {
  const entries = new Map<number, XrefEntry>();
  const trailer = new PdfDict();
  const seen = new Set<number>();
  const queue = [await findStartXref(src)];
  while (queue.length > 0) {
    const offset = queue.shift()!;
    if (seen.has(offset)) continue; // a /Prev loop
    seen.add(offset);
    if (offset >= src.size) throw new TruncatedPdfError('a cross-reference section lies beyond the end of the file');
    const section = await readSection(src, offset);
    merge(entries, section.entries);
    const stmOffset = section.trailer.get('XRefStm');
    if (isNumber(stmOffset) && !seen.has(stmOffset)) {
      seen.add(stmOffset);
      merge(entries, (await readSection(src, stmOffset)).entries);
    }
    for (const [k, v] of section.trailer.entries) if (!trailer.has(k)) trailer.entries.set(k, v);
    const prev = section.trailer.get('Prev');
    if (isNumber(prev)) queue.push(prev);
  }
  trailer.entries.delete('Prev');
  trailer.entries.delete('XRefStm');
  return { entries, trailer };
}

/** Newer sections come first, so the first entry seen for an object wins. */
function merge(into: Map<number, XrefEntry>, from: Map<number, XrefEntry>): void {
  for (const [num, entry] of from) if (!into.has(num)) into.set(num, entry);
}

async function readSection(src: RandomAccessSource, offset: number): Promise<XrefTable> {
  const head = (await src.read(offset, 4)).toString('latin1');
  try {
    if (head === 'xref') return await parseWindow(src, offset, parseTable, 64 * 1024);
    return await readXrefStream(src, offset);
  } catch (error) {
    if (error instanceof TruncatedPdfError || error instanceof CorruptPdfError) throw error;
    throw new CorruptPdfError(`unreadable cross-reference at ${offset}: ${(error as Error).message}`);
  }
}

/** A classic table: `xref`, subsections `first count` of `offset gen n|f` rows, `trailer << >>`. */
function parseTable(lexer: Lexer): XrefTable {
  lexer.pos += 4;
  const entries = new Map<number, XrefEntry>();
  const parser = new Parser(lexer);
  for (;;) {
    const t = parser.token();
    if (t.kind === 'keyword' && t.value === 'trailer') break;
    const countToken = parser.token();
    if (t.kind !== 'number' || countToken.kind !== 'number') throw new CorruptPdfError('bad cross-reference subsection header');
    for (let i = 0; i < countToken.value; i++) {
      const off = parser.token();
      const gen = parser.token();
      const kind = parser.token();
      if (off.kind !== 'number' || gen.kind !== 'number' || kind.kind !== 'keyword') {
        throw new CorruptPdfError('bad cross-reference row');
      }
      // Free rows claim nothing: in hybrid files the /XRefStm fills those numbers.
      if (kind.value === 'n' && off.value > 0) entries.set(t.value + i, { type: 1, offset: off.value, gen: gen.value });
    }
  }
  const trailer = parser.parse();
  if (!isDict(trailer)) throw new CorruptPdfError('the trailer is not a dictionary');
  return { entries, trailer };
}

/** A cross-reference stream (PDF 1.5, §7.5.8): binary rows of /W widths over /Index ranges. */
async function readXrefStream(src: RandomAccessSource, offset: number): Promise<XrefTable> {
  const obj = await readIndirectAt(src, offset);
  const dict = obj.value;
  if (!isDict(dict) || obj.streamStart === undefined || !isName(dict.get('Type'), 'XRef')) {
    throw new CorruptPdfError(`no cross-reference at ${offset}`);
  }
  const length = dict.get('Length');
  if (!isNumber(length)) throw new CorruptPdfError('cross-reference stream without a direct /Length');
  if (obj.streamStart + length > src.size) throw new TruncatedPdfError('the cross-reference stream runs past the end');
  const data = decodeStream(await src.read(obj.streamStart, length), dict);
  return { entries: xrefStreamEntries(data, dict), trailer: dict };
}

function intArray(o: PdfObject | undefined): number[] | null {
  return isArray(o) && o.every(isNumber) ? o : null;
}

export function xrefStreamEntries(data: Buffer, dict: PdfDict): Map<number, XrefEntry> {
  const w = intArray(dict.get('W'));
  const size = dict.get('Size');
  if (!w || w.length < 3 || !isNumber(size)) throw new CorruptPdfError('cross-reference stream without /W or /Size');
  const index = intArray(dict.get('Index')) ?? [0, size];
  const rowLength = w[0]! + w[1]! + w[2]!;
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  const field = (width: number, fallback: number): number => {
    if (width === 0) return fallback;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos++]!;
    return v;
  };
  for (let s = 0; s + 1 < index.length; s += 2) {
    for (let i = 0; i < index[s + 1]!; i++) {
      if (pos + rowLength > data.length) throw new CorruptPdfError('cross-reference stream shorter than its /Index says');
      const type = field(w[0]!, 1);
      const a = field(w[1]!, 0);
      const b = field(w[2]!, 0);
      const num = index[s]! + i;
      if (type === 1 && a > 0) entries.set(num, { type: 1, offset: a, gen: b });
      else if (type === 2) entries.set(num, { type: 2, stream: a, index: b });
    }
  }
  return entries;
}
