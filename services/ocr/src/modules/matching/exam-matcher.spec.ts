import { type HeaderFields } from '@gradeline/contracts';
import { matchExam, type CopyToMatch } from './exam-matcher';
import { type MatchStudent } from './scoring';
import { DEFAULT_MATCH_SETTINGS } from './settings';

const student = (id: string, lastName: string, firstName: string, birthDate: string | null): MatchStudent => ({ id, lastName, firstName, birthDate });

const roster: MatchStudent[] = [
  student('s-fontaine', 'Fontaine', 'Anaïs', '2011-06-24'),
  student('s-bensalah', 'Ben Salah', 'Amine', '2011-04-03'),
  student('s-marchand', 'Marchand', 'Louis', '2010-12-19'),
  student('s-dupont-1', 'Dupont', 'Léa', '2011-02-14'),
  student('s-dupont-2', 'Dupont', 'Léa', '2011-02-14'), // a true homonym: same name, same date
  student('s-martin-1', 'Martin', 'Hugo', '2011-09-01'),
  student('s-martin-2', 'Martin', 'Hugo', '2010-11-23'), // same name, another date
];

const read = (lastName: string | null, firstName: string | null, birthDate: string | null): HeaderFields => ({ lastName, firstName, birthDate });
const copy = (copyId: string, fields: HeaderFields | null, rejectedStudentIds: string[] = []): CopyToMatch => ({ copyId, fields, rejectedStudentIds });

function match(copies: CopyToMatch[], taken: string[] = [], students = roster) {
  return matchExam({ copies, students, takenStudentIds: new Set(taken), settings: DEFAULT_MATCH_SETTINGS });
}

describe('matching an exam’s copies against its roster', () => {
  it('identifies an exactly read header on its own (AUTO), with the best candidate first', () => {
    const [result] = match([copy('c1', read('BEN SALAH', 'Amine', '2011-04-03'))]);
    expect(result).toMatchObject({ decision: 'AUTO', studentId: 's-bensalah', reason: 'auto', confidence: 1 });
    expect(result!.candidates[0]).toEqual({ studentId: 's-bensalah', score: 1, lastNameScore: 1, firstNameScore: 1, birthDateScore: 1 });
  });

  it('still identifies on its own after a one-letter OCR slip when the birth date matches', () => {
    const [result] = match([copy('c1', read('FONTIANE', 'Anaïs', '2011-06-24'))]);
    expect(result).toMatchObject({ decision: 'AUTO', studentId: 's-fontaine' });
    expect(result!.confidence).toBeLessThan(1);
  });

  it('never identifies on its own with a wrong birth date, even with exact names', () => {
    const [result] = match([copy('c1', read('FONTAINE', 'Anaïs', '2011-06-27'))]);
    expect(result).toMatchObject({ decision: 'SUGGEST', studentId: null, reason: 'birth_date_not_exact' });
    expect(result!.candidates[0]!.studentId).toBe('s-fontaine');
  });

  it('never identifies homonyms (same name and birth date) on their own', () => {
    const [result] = match([copy('c1', read('DUPONT', 'Léa', '2011-02-14'))]);
    expect(result).toMatchObject({ decision: 'SUGGEST', studentId: null, reason: 'homonym' });
    expect(result!.candidates.slice(0, 2).map((c) => c.studentId).sort()).toEqual(['s-dupont-1', 's-dupont-2']);
  });

  it('tells namesakes apart by their birth date', () => {
    const [result] = match([copy('c1', read('MARTIN', 'Hugo', '2010-11-23'))]);
    expect(result).toMatchObject({ decision: 'AUTO', studentId: 's-martin-2' });
  });

  it('never gives one student to two copies that read the same name', () => {
    const results = match([copy('c1', read('MARCHAND', 'Louis', '2010-12-19')), copy('c2', read('MARCHAND', 'Louis', '2010-12-19'))]);
    expect(results.filter((r) => r.decision === 'AUTO')).toHaveLength(0);
    expect(results.map((r) => r.reason).sort()).toEqual(['assigned_elsewhere', 'contested']);
    expect(results.every((r) => r.candidates[0]!.studentId === 's-marchand')).toBe(true);
  });

  it('drops a copy beaten to its student by a clearly stronger match to SUGGEST', () => {
    const results = match([
      copy('weak', read('MARCHAND', 'Louis', '2010-12-18')), // one digit off: 0.835
      copy('strong', read('MARCHAND', 'Louis', '2010-12-19')),
    ]);
    expect(results[1]).toMatchObject({ decision: 'AUTO', studentId: 's-marchand' });
    expect(results[0]).toMatchObject({ decision: 'SUGGEST', studentId: null });
    expect(results[0]!.candidates[0]!.studentId).toBe('s-marchand');
  });

  it('never lets weaker claims on a student take them from a sure copy', () => {
    // Summing raw scores would prefer sure→Lucie (0.77) + weak→Louis (0.71) over sure→Louis (1.0).
    const pair = [student('louis', 'Marchand', 'Louis', '2010-12-19'), student('lucie', 'Marchal', 'Lucie', '2011-12-19')];
    const results = match([copy('sure', read('MARCHAND', 'Louis', '2010-12-19')), copy('weak', read('ROY', 'Louis', '2010-02-19'))], [], pair);
    expect(results[0]).toMatchObject({ decision: 'AUTO', studentId: 'louis' });
    expect(results[1]).toMatchObject({ decision: 'SUGGEST', studentId: null });
  });

  it('keeps the margin rule: a close second candidate prevents AUTO', () => {
    const close = [student('a', 'Lemaire', 'Paul', '2011-01-01'), student('b', 'Lemaire', 'Paula', '2011-01-01')];
    const [result] = match([copy('c1', read('LEMAIRE', 'Paul', '2011-01-01'))], [], close);
    expect(result).toMatchObject({ decision: 'SUGGEST', reason: 'small_margin' });
  });

  it('requires a name score of at least 0.80 even when the birth date is exact', () => {
    const [result] = match([copy('c1', read('XAVIER', 'Zoé', '2011-04-03'))]);
    expect(result!.candidates[0]!.studentId).toBe('s-bensalah');
    expect(result!.decision).not.toBe('AUTO');
  });

  it('leaves a copy to a person (MANUAL) when nothing was read or nothing scores 0.50', () => {
    const results = match([copy('blank', null), copy('empty', read(null, null, null)), copy('far', read('ROY', null, '2008-02-02'))]);
    expect(results.map((r) => [r.decision, r.reason])).toEqual([
      ['MANUAL', 'nothing_read'],
      ['MANUAL', 'nothing_read'],
      ['MANUAL', 'low_score'],
    ]);
    expect(results[0]!.candidates).toEqual([]);
    expect(results[2]!.candidates.length).toBeGreaterThan(0);
    expect(results[2]!.confidence).toBeLessThan(0.5);
  });

  it('renormalises the weights when the birth date was not read', () => {
    const [result] = match([copy('c1', read('FONTAINE', 'Anaïs', null))]);
    expect(result!.candidates[0]).toMatchObject({ studentId: 's-fontaine', score: 1, birthDateScore: null });
    expect(result!.decision).toBe('SUGGEST'); // AUTO needs the exact birth date
  });

  it('does not offer students already identified on another copy, nor one a person refused for this copy', () => {
    const [taken] = match([copy('c1', read('BEN SALAH', 'Amine', '2011-04-03'))], ['s-bensalah']);
    expect(taken!.candidates.map((c) => c.studentId)).not.toContain('s-bensalah');
    expect(taken!.decision).not.toBe('AUTO');
    const [refused] = match([copy('c1', read('BEN SALAH', 'Amine', '2011-04-03'), ['s-bensalah'])]);
    expect(refused!.candidates.map((c) => c.studentId)).not.toContain('s-bensalah');
  });

  it('never offers a student who is not in the roster it was given', () => {
    const results = match([copy('c1', read('BEN SALAH', 'Amine', '2011-04-03'))], [], roster.filter((s) => s.id !== 's-bensalah'));
    expect(results[0]!.candidates.map((c) => c.studentId)).not.toContain('s-bensalah');
    expect(results[0]!.decision).not.toBe('AUTO');
  });

  it('keeps at most 10 candidates, ranked best first', () => {
    const many = Array.from({ length: 30 }, (_, i) => student(`m${String(i).padStart(2, '0')}`, 'Moreau', `Eva${'a'.repeat(i)}`, '2011-05-05'));
    const [result] = match([copy('c1', read('MOREAU', 'Eva', '2011-05-05'))], [], many);
    expect(result!.candidates).toHaveLength(10);
    const scores = result!.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
