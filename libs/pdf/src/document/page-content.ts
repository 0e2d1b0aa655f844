import { UnsupportedFilterError } from '../parser/filters';
import { Lexer } from '../parser/lexer';
import { type ObjectStore } from '../parser/object-store';
import { PdfName, PdfStream, dictOf, isArray, type PdfDict, type PdfObject } from '../parser/objects';
import { Parser, PdfSyntaxError } from '../parser/parser';

/** [a b c d e f] as in the `cm` operator. */
export type Matrix = [number, number, number, number, number, number];

export interface ImageDraw {
  name: string;
  /** The current transformation matrix when the image was drawn: it maps the unit square. */
  ctm: Matrix;
}

export interface ContentSummary {
  images: ImageDraw[];
  /** Anything else that puts marks on the page: paths, visible text, shadings, inline images, forms. */
  otherMarks: boolean;
  /** The content could not be read (an unsupported filter): treat the page as not scanned. */
  unreadable: boolean;
}

const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const TEXT_SHOW = new Set(['Tj', 'TJ', "'", '"']);
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** The page's content streams, decoded and joined. */
async function contentBytes(store: ObjectStore, page: PdfDict): Promise<Buffer> {
  const contents = await store.resolve(page.get('Contents'));
  const parts: PdfObject[] = isArray(contents) ? contents : contents === undefined ? [] : [contents];
  const out: Buffer[] = [];
  for (const part of parts) {
    const s = await store.resolve(part);
    if (s instanceof PdfStream) out.push(await store.decoded(s), Buffer.from('\n'));
  }
  return Buffer.concat(out);
}

/**
 * Reads what a page's content draws, tracking q/Q/cm and the text render mode: a scanned page is
 * one image `Do` and nothing visible besides (an invisible OCR text layer, mode 3, is allowed).
 */
export async function summariseContent(store: ObjectStore, page: PdfDict, xobjects: PdfDict | undefined): Promise<ContentSummary> {
  let data: Buffer;
  try {
    data = await contentBytes(store, page);
  } catch (error) {
    if (error instanceof UnsupportedFilterError) return { images: [], otherMarks: true, unreadable: true };
    throw error;
  }
  try {
    return await interpret(store, data, xobjects);
  } catch (error) {
    if (error instanceof PdfSyntaxError) return { images: [], otherMarks: true, unreadable: true };
    throw error;
  }
}

async function interpret(store: ObjectStore, data: Buffer, xobjects: PdfDict | undefined): Promise<ContentSummary> {
  const summary: ContentSummary = { images: [], otherMarks: false, unreadable: false };
  const parser = new Parser(new Lexer(data));
  const stack: Array<{ ctm: Matrix; tr: number }> = [];
  let state = { ctm: IDENTITY, tr: 0 };
  let operands: PdfObject[] = [];
  for (;;) {
    const t = parser.token();
    if (t.kind === 'eof') break;
    if (t.kind !== 'keyword' || t.value === 'true' || t.value === 'false' || t.value === 'null') {
      const nested = t.kind === 'delim' && (t.value === '[' || t.value === '<<');
      operands.push(t.kind === 'delim' && !nested ? null : parser.fromToken(t));
      continue;
    }
    const op = t.value;
    if (op === 'q') stack.push(state);
    else if (op === 'Q') state = stack.pop() ?? state;
    else if (op === 'cm' && operands.length >= 6) {
      state = { ...state, ctm: multiply(operands.slice(-6).map(Number) as Matrix, state.ctm) };
    } else if (op === 'Tr') state = { ...state, tr: Number(operands.at(-1)) };
    else if (op === 'Do') await recordDo(store, summary, xobjects, operands.at(-1), state.ctm);
    else if (PATH_PAINT.has(op) || (TEXT_SHOW.has(op) && state.tr !== 3)) summary.otherMarks = true;
    else if (op === 'BI') {
      summary.otherMarks = true;
      skipInlineImage(parser.lexer);
    }
    operands = [];
  }
  return summary;
}

async function recordDo(
  store: ObjectStore,
  summary: ContentSummary,
  xobjects: PdfDict | undefined,
  operand: PdfObject | undefined,
  ctm: Matrix,
): Promise<void> {
  if (!(operand instanceof PdfName)) return;
  const xobject = await store.resolve(xobjects?.get(operand.name));
  const subtype = dictOf(xobject)?.get('Subtype');
  if (subtype instanceof PdfName && subtype.name === 'Image') summary.images.push({ name: operand.name, ctm });
  // Form XObjects may draw anything; the page is rasterised rather than looked into.
  else if (xobject !== undefined) summary.otherMarks = true;
}

/** Skips `ID <binary data> EI`, which the tokenizer must not read as tokens. */
function skipInlineImage(lexer: Lexer): void {
  const id = lexer.buf.indexOf('ID', lexer.pos, 'latin1');
  if (id < 0) {
    lexer.pos = lexer.buf.length;
    return;
  }
  for (let at = id + 3; at < lexer.buf.length; at++) {
    const ei = lexer.buf.indexOf('EI', at, 'latin1');
    if (ei < 0) break;
    const before = lexer.buf[ei - 1];
    const after = lexer.buf[ei + 2];
    if ((before === 32 || before === 10 || before === 13) && (after === undefined || after <= 32)) {
      lexer.pos = ei + 2;
      return;
    }
    at = ei;
  }
  lexer.pos = lexer.buf.length;
}
