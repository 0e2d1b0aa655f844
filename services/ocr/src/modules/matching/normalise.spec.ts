import { jaroWinkler } from './jaro-winkler';
import { dateDigits, normaliseName } from './normalise';

describe('name and date normalisation', () => {
  it('compares names in upper case, without accents, letters only', () => {
    expect(normaliseName("Marie-Ève N'Diaye")).toBe('MARIEEVENDIAYE');
    expect(normaliseName('Da Costa-Lefèvre')).toBe('DACOSTALEFEVRE');
    expect(normaliseName('DA COSTA LEFEVRE')).toBe('DACOSTALEFEVRE');
    expect(normaliseName('Chloé Cœur')).toBe('CHLOECOEUR');
    expect(normaliseName('françois')).toBe('FRANCOIS');
    expect(normaliseName(' 12 -- ')).toBe('');
  });

  it('writes a date as the pupil does: DDMMYYYY digits', () => {
    expect(dateDigits('2011-04-03')).toBe('03042011');
  });
});

describe('Jaro-Winkler similarity', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
  });

  it('is 1 for equal strings and 0 for nothing in common or an empty one', () => {
    expect(jaroWinkler('DUPONT', 'DUPONT')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'DUPONT')).toBe(0);
  });

  it('keeps a one-letter OCR slip close and another name far', () => {
    expect(jaroWinkler('FONTAINE', 'FONTIANE')).toBeGreaterThan(0.9);
    expect(jaroWinkler('FONTAINE', 'FONTINE')).toBeGreaterThan(0.9);
    expect(jaroWinkler('FONTAINE', 'MARCHAND')).toBeLessThan(0.6);
  });
});
