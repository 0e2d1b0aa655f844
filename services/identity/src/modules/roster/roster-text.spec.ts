import iconv from 'iconv-lite';
import { decodeRoster, detectDelimiter, parseCsv } from './roster-text';

describe('reading a roster file', () => {
  it('decodes UTF-8 with and without BOM, and Windows-1252 (Œ and ’ included)', () => {
    const text = 'Élèves;Classe\nŒDIPE Zoé’s;6A\n';
    expect(decodeRoster(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeRoster(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeRoster(iconv.encode(text, 'win1252'))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('detects the delimiter from the header', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,c\n1;2,3')).toBe(',');
    expect(detectDelimiter('"x;y",b,c')).toBe(',');
  });

  it('parses quotes, doubled quotes, line breaks in quotes and CRLF, with the line each record starts on', () => {
    const records = parseCsv('h1,h2\r\n"a, b","say ""hi"""\r\n\r\n"two\nlines",x\r\nlast,y', ',');
    expect(records).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['a, b', 'say "hi"'] },
      { line: 4, fields: ['two\nlines', 'x'] },
      { line: 6, fields: ['last', 'y'] },
    ]);
  });
});
