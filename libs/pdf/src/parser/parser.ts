import { type Lexer, type Token } from './lexer';
import { PdfDict, PdfRef, type PdfObject } from './objects';

/** Thrown for bytes that do not form a PDF object where one was expected. */
export class PdfSyntaxError extends Error {}

/**
 * Parses direct objects from a lexer: `int int R` becomes a reference, so the parser looks two
 * tokens ahead after an integer. Objects nest up to a sane depth (a hostile file cannot blow the stack).
 */
export class Parser {
  private readonly ahead: Token[] = [];

  constructor(readonly lexer: Lexer) {}

  /** The next token, taking back any looked-ahead one first. */
  token(): Token {
    return this.ahead.shift() ?? this.lexer.next();
  }

  private peek(n: number): Token {
    while (this.ahead.length <= n) this.ahead.push(this.lexer.next());
    return this.ahead[n]!;
  }

  /** Position in the buffer just after the last token handed out (valid when nothing is looked ahead). */
  get position(): number {
    if (this.ahead.length > 0) throw new PdfSyntaxError('position asked with tokens looked ahead');
    return this.lexer.pos;
  }

  parse(depth = 0): PdfObject {
    return this.fromToken(this.token(), depth);
  }

  fromToken(t: Token, depth = 0): PdfObject {
    if (depth > 100) throw new PdfSyntaxError('objects nested too deeply');
    switch (t.kind) {
      case 'number':
        return t.integer && t.value >= 0 ? this.maybeRef(t.value) : t.value;
      case 'name':
      case 'string':
        return t.value;
      case 'delim':
        if (t.value === '[') return this.parseArray(depth);
        if (t.value === '<<') return this.parseDict(depth);
        throw new PdfSyntaxError(`unexpected ${t.value}`);
      case 'keyword':
        if (t.value === 'true') return true;
        if (t.value === 'false') return false;
        if (t.value === 'null') return null;
        throw new PdfSyntaxError(`unexpected keyword ${t.value.slice(0, 20)}`);
      case 'eof':
        throw new PdfSyntaxError('unexpected end of data');
    }
  }

  private maybeRef(num: number): PdfObject {
    const gen = this.peek(0);
    if (gen.kind !== 'number' || !gen.integer || gen.value < 0) return num;
    const r = this.peek(1);
    if (r.kind !== 'keyword' || r.value !== 'R') return num;
    this.ahead.splice(0, 2);
    return new PdfRef(num, gen.value);
  }

  private parseArray(depth: number): PdfObject[] {
    const items: PdfObject[] = [];
    for (;;) {
      const t = this.token();
      if (t.kind === 'delim' && t.value === ']') return items;
      if (t.kind === 'eof') throw new PdfSyntaxError('unterminated array');
      items.push(this.fromToken(t, depth + 1));
    }
  }

  private parseDict(depth: number): PdfDict {
    const dict = new PdfDict();
    for (;;) {
      const t = this.token();
      if (t.kind === 'delim' && t.value === '>>') return dict;
      if (t.kind === 'eof') throw new PdfSyntaxError('unterminated dictionary');
      if (t.kind !== 'name') throw new PdfSyntaxError('dictionary key is not a name');
      const next = this.peek(0);
      // A key without a value before `>>` is tolerated as null, as readers in the wild do.
      if (next.kind === 'delim' && next.value === '>>') continue;
      dict.entries.set(t.value.name, this.parse(depth + 1));
    }
  }
}

/** The header of an indirect object: `num gen obj`, parsed at the lexer's position. */
export function parseObjectHeader(parser: Parser): { num: number; gen: number } {
  const num = parser.token();
  const gen = parser.token();
  const obj = parser.token();
  if (num.kind !== 'number' || gen.kind !== 'number' || obj.kind !== 'keyword' || obj.value !== 'obj') {
    throw new PdfSyntaxError('no object header where the cross-reference points');
  }
  return { num: num.value, gen: gen.value };
}
