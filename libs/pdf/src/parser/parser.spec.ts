import { Lexer } from './lexer';
import { type PdfDict, PdfName, PdfRef, type PdfString } from './objects';
import { Parser } from './parser';

const parse = (text: string) => new Parser(new Lexer(Buffer.from(text, 'latin1'))).parse();

describe('the PDF object parser', () => {
  it('reads names with #xx escapes, numbers, booleans and null', () => {
    expect(parse('[/A#20B -3 +.5 4. true false null /]')).toEqual([PdfName.of('A B'), -3, 0.5, 4, true, false, null, PdfName.of('')]);
  });

  it('reads literal strings with escapes, octal codes, nested parentheses and line continuations', () => {
    const s = parse('(a\\(b\\)c (nested) \\101\\n\\\\ end\\\ncontinued)') as PdfString;
    expect(s.bytes.toString('latin1')).toBe('a(b)c (nested) A\n\\ endcontinued');
  });

  it('reads hex strings, ignoring white space and padding an odd digit', () => {
    expect((parse('<48 65 6C6C 6F7>') as PdfString).bytes).toEqual(Buffer.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x70]));
  });

  it('tells references from pairs of numbers, in arrays and dictionaries', () => {
    const d = parse('<</Kids [3 0 R 4 0 R] /Count 2 /Box [0 0 612 792] % a comment\n /Parent 1 0 R>>') as PdfDict;
    expect(d.get('Kids')).toEqual([new PdfRef(3, 0), new PdfRef(4, 0)]);
    expect(d.get('Box')).toEqual([0, 0, 612, 792]);
    expect(d.get('Parent')).toEqual(new PdfRef(1, 0));
  });

  it('refuses objects nested absurdly deep instead of overflowing the stack', () => {
    expect(() => parse('['.repeat(500))).toThrow(/deep/);
  });
});
