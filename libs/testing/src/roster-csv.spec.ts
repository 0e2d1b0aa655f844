import { parseCsv } from '../test/support';
import { generateRoster, type RosterStudent } from './roster';
import { rosterToCsv } from './roster-csv';

const roster = generateRoster({ count: 40, seed: 9, homonyms: 1 });

describe('rosterToCsv', () => {
  it('writes the Pronote columns: "NOM Prénom" with the last name in capitals, dd/mm/yyyy dates', () => {
    const csv = rosterToCsv(roster, { format: 'pronote', delimiter: ';', encoding: 'utf8', eol: '\n' }).toString('utf8');
    const [header, ...rows] = parseCsv(csv, ';');
    expect(header).toEqual(['Élèves', 'Né(e) le', 'Adresse E-mail', 'Classe', 'Groupe']);
    expect(rows).toHaveLength(roster.length);
    rows.forEach((row, i) => {
      const s = roster[i]!;
      const [y, m, d] = s.birthDate.split('-');
      expect(row).toEqual([`${s.lastName.toLocaleUpperCase('fr')} ${s.firstName}`, `${d}/${m}/${y}`, s.email, s.className, s.group]);
    });
    expect(rows.some((r) => /^N'[A-Z]|^[A-ZÀ-Ÿ]+ [A-ZÀ-Ÿ]+ /.test(r[0]!))).toBe(true);
  });

  it('writes the simple template, which parses back to the same roster', () => {
    const csv = rosterToCsv(roster, { format: 'simple', delimiter: ',', encoding: 'utf8', eol: '\n' }).toString('utf8');
    const [header, ...rows] = parseCsv(csv, ',');
    expect(header!.join(',')).toBe('last_name,first_name,birth_date,email,class,group,external_id');
    const back = rows.map(([lastName, firstName, birthDate, email, className, group, externalId]) => ({
      lastName, firstName, birthDate, email: email || null, className, group, externalId,
    }));
    expect(back).toEqual(roster);
  });

  it('quotes fields holding the delimiter or a quote, and they parse back intact', () => {
    const odd: RosterStudent = { ...roster[0]!, lastName: 'Dupont; dit "le Grand"', group: 'A,B' };
    for (const delimiter of [',', ';'] as const) {
      const csv = rosterToCsv([odd], { format: 'simple', delimiter, encoding: 'utf8', eol: '\r\n' }).toString('utf8');
      const [, row] = parseCsv(csv, delimiter);
      expect(row![0]).toBe('Dupont; dit "le Grand"');
      expect(row![5]).toBe('A,B');
    }
  });

  it('adds a BOM for utf8-bom only', () => {
    const bom = rosterToCsv(roster, { format: 'pronote', delimiter: ';', encoding: 'utf8-bom', eol: '\n' });
    const plain = rosterToCsv(roster, { format: 'pronote', delimiter: ';', encoding: 'utf8', eol: '\n' });
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.subarray(3)).toEqual(plain);
    expect(plain.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x89])); // É in UTF-8
  });

  it('encodes windows-1252 as one byte per letter (é = 0xE9, Œ = 0x8C)', () => {
    const bytes = rosterToCsv(roster, { format: 'pronote', delimiter: ';', encoding: 'windows-1252', eol: '\r\n' });
    expect(bytes.subarray(0, 6)).toEqual(Buffer.from([0xc9, 0x6c, 0xe8, 0x76, 0x65, 0x73])); // "Élèves"
    expect(bytes.includes(Buffer.from('Né(e) le', 'latin1'))).toBe(true);
    const pupil: RosterStudent = { ...roster[0]!, lastName: 'Lecœur', firstName: 'Zoé', email: null };
    const row = rosterToCsv([pupil], { format: 'pronote', delimiter: ';', encoding: 'windows-1252', eol: '\n' });
    expect(row.subarray(row.indexOf(0x0a) + 1, row.indexOf(0x3b, row.indexOf(0x0a)))).toEqual(
      Buffer.from([0x4c, 0x45, 0x43, 0x8c, 0x55, 0x52, 0x20, 0x5a, 0x6f, 0xe9]), // "LECŒUR Zoé"
    );
  });

  it('writes windows-1252 that reads back as the same text (Latin-1 range, as Node decodes it)', () => {
    // Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 controls, so compare
    // on a roster whose names stay in the shared Latin-1 range.
    const latin = roster.filter((s) => !/[œŒ]/.test(s.lastName + s.firstName));
    const bytes = rosterToCsv(latin, { format: 'pronote', delimiter: ';', encoding: 'windows-1252', eol: '\r\n' });
    const utf8 = rosterToCsv(latin, { format: 'pronote', delimiter: ';', encoding: 'utf8', eol: '\r\n' }).toString('utf8');
    expect(bytes.length).toBe([...utf8].length);
    expect(bytes.toString('latin1')).toBe(utf8);
  });

  it('ends every line with the requested line end', () => {
    const crlf = rosterToCsv(roster, { format: 'simple', delimiter: ';', encoding: 'utf8', eol: '\r\n' }).toString('utf8');
    expect(crlf.split('\r\n')).toHaveLength(roster.length + 2);
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lf = rosterToCsv(roster, { format: 'simple', delimiter: ';', encoding: 'utf8', eol: '\n' }).toString('utf8');
    expect(lf).not.toContain('\r');
    expect(lf.split('\n')[0]).toBe('last_name;first_name;birth_date;email;class;group;external_id');
  });
});
