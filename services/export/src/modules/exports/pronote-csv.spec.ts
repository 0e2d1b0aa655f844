import fs from 'node:fs';
import path from 'node:path';
import { PRONOTE_COMMENT_MAX, pronoteCoefficient, pronoteComment, pronoteCsv, pronoteMark } from './pronote-csv';

describe('the Pronote CSV', () => {
  it('matches the golden file byte for byte: BOM, `;`, CRLF, capitals, dates, marks, quoting, sorted by name', () => {
    const golden = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/pronote-golden.csv'));
    const csv = pronoteCsv({ subject: 'Mathématiques', scaleTo: 20, coefficient: '1' }, [
      { lastName: 'Dupont', firstName: 'Jeanne', birthDate: '2012-03-04', total: '15.5', maxTotal: '20', globalComment: 'Très bien ; continue.' },
      { lastName: "N'Diaye", firstName: 'Maël-Éloïse', birthDate: '2011-11-30', total: '12.345', maxTotal: '17', globalComment: '=HYPERLINK("http://x")\nligne 2' },
      { lastName: 'Le Gall', firstName: 'Öscar', birthDate: null, total: '7', maxTotal: '8', globalComment: null },
      { lastName: 'Ben Salah', firstName: 'Inès', birthDate: '2012-01-09', total: '13.333', maxTotal: '20', globalComment: '+ Bon travail' },
      { lastName: 'Évrard', firstName: 'Zoé', birthDate: '2012-07-14', total: '0.005', maxTotal: '20', globalComment: '@cmd' },
    ]);
    expect(csv.toString('hex')).toBe(golden.toString('hex'));
  });

  it('scales to /20 and rounds half-up to two decimals with a decimal comma', () => {
    expect(pronoteMark('14.125', '20', 20)).toBe('14,13');
    expect(pronoteMark('14.124', '20', 20)).toBe('14,12');
    expect(pronoteMark('31', '40', 20)).toBe('15,50');
    expect(pronoteMark('1', '3', 20)).toBe('6,67');
    expect(pronoteMark('2', '3', 20)).toBe('13,33');
    expect(pronoteMark('0.1', '0.3', 20)).toBe('6,67');
    expect(pronoteMark('20', '20', 20)).toBe('20,00');
    expect(pronoteMark('0', '20', 20)).toBe('0,00');
    expect(pronoteMark('45', '60', 10)).toBe('7,50');
  });

  it('writes the coefficient with one decimal and a comma', () => {
    expect(pronoteCoefficient('1')).toBe('1,0');
    expect(pronoteCoefficient('2.5')).toBe('2,5');
    expect(pronoteCoefficient('0.75')).toBe('0,8');
    expect(pronoteCoefficient('3.0')).toBe('3,0');
  });

  it('strips a leading =, +, - or @ (and runs of them) from the comment', () => {
    expect(pronoteComment('=1+1')).toBe('1+1');
    expect(pronoteComment('+33 6 12')).toBe('33 6 12');
    expect(pronoteComment('-2 pour le soin')).toBe('2 pour le soin');
    expect(pronoteComment('@SUM(A1)')).toBe('SUM(A1)');
    expect(pronoteComment(' =-@+cmd|calc')).toBe('cmd|calc');
    expect(pronoteComment('Bien = juste')).toBe('Bien = juste');
  });

  it('puts the comment on one line and cuts it at 500 characters, never inside a character', () => {
    expect(pronoteComment('Ligne 1\r\nLigne 2\n\tfin  ')).toBe('Ligne 1 Ligne 2 fin');
    const long = 'é'.repeat(499) + '😀' + 'x'.repeat(100);
    const cut = pronoteComment(long);
    expect(Array.from(cut)).toHaveLength(PRONOTE_COMMENT_MAX);
    expect(cut.endsWith('😀')).toBe(true);
    expect(pronoteComment('a'.repeat(500))).toHaveLength(500);
    expect(pronoteComment(null)).toBe('');
  });
});
