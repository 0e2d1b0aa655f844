import { parseBirthDate, splitPronoteName } from './roster-names';

describe('splitting Pronote’s "NOM Prénom"', () => {
  it.each([
    ['BEN SALAH Amine', 'BEN SALAH', 'Amine'],
    ['DE LA FONTAINE Jean-Marc', 'DE LA FONTAINE', 'Jean-Marc'],
    ["N'DIAYE Marie-Ève", "N'DIAYE", 'Marie-Ève'],
    ['MARTIN-DUBOIS Léa', 'MARTIN-DUBOIS', 'Léa'],
    ['LE GALL Anne Sophie', 'LE GALL', 'Anne Sophie'],
    ['ÉLUARD Œdipe', 'ÉLUARD', 'Œdipe'],
    ['  DUPONT   Jean ', 'DUPONT', 'Jean'],
    ['DUPONT JEAN', 'DUPONT', 'JEAN'],
    ['Dupont Jean', 'Dupont', 'Jean'],
  ])('%s → %s / %s', (cell, lastName, firstName) => {
    expect(splitPronoteName(cell)).toEqual({ lastName, firstName });
  });

  it('cannot split a single word', () => {
    expect(splitPronoteName('DUPONT')).toBeNull();
  });
});

describe('birth dates', () => {
  it('reads dd/mm/yyyy and ISO dates', () => {
    expect(parseBirthDate('02/03/2014')).toBe('2014-03-02');
    expect(parseBirthDate('2/3/2014')).toBe('2014-03-02');
    expect(parseBirthDate('2014-03-02')).toBe('2014-03-02');
  });

  it('refuses dates that do not exist or are not dates', () => {
    expect(parseBirthDate('31/02/2014')).toBeNull();
    expect(parseBirthDate('29/02/2013')).toBeNull();
    expect(parseBirthDate('2014-13-01')).toBeNull();
    expect(parseBirthDate('03/2014')).toBeNull();
    expect(parseBirthDate('hier')).toBeNull();
  });
});
