import { foldName, nameMatcher } from './name-search';

describe('roster search', () => {
  const students = [
    { lastName: 'Lefèvre', firstName: 'Anaïs' },
    { lastName: "N'Diaye", firstName: 'Marie-Ève' },
    { lastName: 'De La Fontaine', firstName: 'Jérôme' },
    { lastName: 'Cœurdevey', firstName: 'Léo' },
    { lastName: 'Dupont', firstName: 'Marie' },
  ];
  const find = (search?: string) => students.filter(nameMatcher(search)).map((s) => s.lastName);

  it('folds case, accents, ligatures, hyphens and apostrophes', () => {
    expect(foldName("N'Diaye Marie-Ève")).toBe('ndiayemarieeve');
    expect(foldName('CŒURDEVEY')).toBe('coeurdevey');
    expect(foldName('Ÿ ç Ñ')).toBe('ycn');
  });

  it('finds a student whatever the case and accents typed', () => {
    expect(find('lefevre')).toEqual(['Lefèvre']);
    expect(find('LEFÈVRE anais')).toEqual(['Lefèvre']);
    expect(find('ndiaye')).toEqual(["N'Diaye"]);
    expect(find('marie eve')).toEqual(["N'Diaye"]);
    expect(find('delafontaine')).toEqual(['De La Fontaine']);
    expect(find('coeur')).toEqual(['Cœurdevey']);
  });

  it('needs every word typed, in either name, and lists everyone for an empty search', () => {
    expect(find('marie')).toEqual(["N'Diaye", 'Dupont']);
    expect(find('marie dup')).toEqual(['Dupont']);
    expect(find('marie zz')).toEqual([]);
    expect(find('   ')).toHaveLength(students.length);
    expect(find()).toHaveLength(students.length);
  });
});
