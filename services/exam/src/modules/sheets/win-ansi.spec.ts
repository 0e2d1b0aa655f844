import { StandardFont, toWinAnsi } from './win-ansi';

describe('text for the standard PDF fonts', () => {
  it('keeps every French letter and sign as it is', () => {
    const french = 'Élodie Hervé-Ç’Œuvre « À l’œuvre » — ÂÊÎÔÛ äëïöüÿ Ÿ àèù ç …';
    expect(toWinAnsi(french)).toBe(french);
  });

  it('prints letters outside WinAnsi as their base letter, anything else as ?', () => {
    expect(toWinAnsi('Ștefănescu Łukasz Đorđević Yıldız')).toBe('Stefanescu Lukasz Dordevic Yildiz');
    expect(toWinAnsi('王 ✓')).toBe('? ?');
    expect(toWinAnsi('a\tb\nc')).toBe('a b c');
  });

  it('encodes in WinAnsi and measures with the font’s metrics', () => {
    const helvetica = new StandardFont('Helvetica', 'F1');
    expect(helvetica.hex('Éœ')).toBe('<c99c>');
    expect(helvetica.width('AAA', 10)).toBeCloseTo(3 * 6.67, 5);
    expect(helvetica.fit('Contrôle de mathématiques', 10, 40)).toMatch(/…$/);
    expect(helvetica.width(helvetica.fit('Contrôle de mathématiques', 10, 40), 10)).toBeLessThanOrEqual(40);
    expect(helvetica.fit('Court', 10, 400)).toBe('Court');
  });
});
