import { cleanName, extractHeaderFields } from './header-fields';

const today = new Date('2025-09-01T00:00:00Z');
const read = (text: string) => extractHeaderFields(text, today);

describe('reading the fields of a header from its OCR text', () => {
  it('reads a labelled form written on one line', () => {
    expect(read('NOM : BEN SALAH  PRÉNOM : Amine  Né(e) le : 03/04/2011')).toEqual({ lastName: 'BEN SALAH', firstName: 'Amine', birthDate: '2011-04-03' });
  });

  it('reads a CMEN form as tesseract returns it, boilerplate lines included', () => {
    const text = [
      'Ecrire en MAJUSCULES, une lettre par case. Modèle CMEN-Gradeline',
      '',
      'NOM :    DA COSTA- LEFÈVRE',
      'PRENOM :   Jean -Côme',
      'Né(e) le :   25/05/2011',
      '',
      "Numéro de copie réservé à l'établissement",
    ].join('\n');
    expect(read(text)).toEqual({ lastName: 'DA COSTA-LEFÈVRE', firstName: 'Jean-Côme', birthDate: '2011-05-25' });
  });

  it('accepts label variants: lower case, no accent, Née le, Date de naissance', () => {
    expect(read('Nom: Martin\nPrenom: Hugo\nNée le 1.9.11')).toEqual({ lastName: 'Martin', firstName: 'Hugo', birthDate: '2011-09-01' });
    expect(read('Nom de famille : Le Gall\nPrénoms : Marie-Ève\nDate de naissance : 2 mai 2012')).toEqual({
      lastName: 'Le Gall', firstName: 'Marie-Ève', birthDate: '2012-05-02',
    });
  });

  it('does not take PRÉNOM for NOM', () => {
    expect(read('PRÉNOM : Amine')).toEqual({ lastName: null, firstName: 'Amine', birthDate: null });
  });

  it('reads free text without labels: capitals are the last name', () => {
    expect(read('BEN SALAH Amine 03/04/2011')).toEqual({ lastName: 'BEN SALAH', firstName: 'Amine', birthDate: '2011-04-03' });
    expect(read('Amine BEN SALAH, né le 3 avril 2011')).toEqual({ lastName: 'BEN SALAH', firstName: 'Amine', birthDate: '2011-04-03' });
    expect(read('Amine Ben Salah 3B')).toEqual({ lastName: 'Ben Salah', firstName: 'Amine', birthDate: null });
    expect(read("O'NEILL GABIN\n10.03.11")).toEqual({ lastName: "O'NEILL", firstName: 'GABIN', birthDate: '2011-03-10' });
  });

  it('reads dates in dd/mm/yyyy, dd.mm.yy, d mmmm yyyy (French) and comb-box digits', () => {
    const date = (text: string) => read(`Né(e) le : ${text}`).birthDate;
    expect(date('03/04/2011')).toBe('2011-04-03');
    expect(date('14.02.11')).toBe('2011-02-14');
    expect(date('3 avril 2011')).toBe('2011-04-03');
    expect(date('1er mars 2012')).toBe('2012-03-01');
    expect(date('15 décembre 2010')).toBe('2010-12-15');
    expect(date('17,10,2010')).toBe('2010-10-17');
    expect(date('0 3 0 4 2 0 1 1')).toBe('2011-04-03');
    expect(date('03 04 2011')).toBe('2011-04-03');
  });

  it('refuses dates that do not exist or lie in the future', () => {
    const date = (text: string) => read(`Né(e) le : ${text}`).birthDate;
    expect(date('31/02/2011')).toBeNull();
    expect(date('12/13/2011')).toBeNull();
    expect(date('01/01/2030')).toBeNull();
    expect(date('30/03; 201')).toBeNull();
  });

  it('returns nothing for a blank form', () => {
    const blank = 'Écrire en MAJUSCULES, une lettre par case.\nNOM :\nPRÉNOM :\nNé(e) le :   /   /\nNuméro de copie réservé à l’établissement';
    expect(read(blank)).toEqual({ lastName: null, firstName: null, birthDate: null });
    expect(read('')).toEqual({ lastName: null, firstName: null, birthDate: null });
  });
});

describe('cleaning a name read by OCR', () => {
  it('keeps letters, hyphens and apostrophes, and joins letters read one per box', () => {
    expect(cleanName(' Edouard. ')).toBe('Edouard');
    expect(cleanName('N’DIAYE |')).toBe("N'DIAYE");
    expect(cleanName('A B O U  Z E I D')).toBe('ABOU ZEID');
    expect(cleanName('| 12 :')).toBeNull();
  });
});
