import { annotation, annotationsFor, pageOf, resultFor, scanJpeg, schemeNodes } from '../../../test/support/graded-copy.fixture';
import { embeddedJpegs, pdfText } from '../../../test/support/pdf-text';
import { renderGradedPdf, type GradedCopyInput } from './graded-pdf';

const flat = (pages: string[]) => pages.join('\n').replace(/\s+/g, ' ');

async function input(overrides: Partial<GradedCopyInput> = {}): Promise<{ input: GradedCopyInput; images: Map<string, Buffer> }> {
  const images = new Map<string, Buffer>();
  const pages = [];
  for (let n = 1; n <= 2; n++) {
    const jpeg = await scanJpeg(620, 877, n);
    images.set(`scan-${n}`, jpeg);
    pages.push(pageOf(n, `scan-${n}`, jpeg.length));
  }
  const nodes = schemeNodes();
  return {
    images,
    input: {
      institution: 'Collège Émile-Zola',
      exam: { name: 'Contrôle n°3 — Fractions', subject: 'Mathématiques', date: '2026-06-12', scaleTo: 20 },
      identity: { kind: 'student', lastName: "N'Diaye", firstName: 'Maël-Éloïse', className: '4e B' },
      result: resultFor(nodes, annotationsFor(2, 6)),
      nodes,
      pages,
      ...overrides,
    },
  };
}

describe('the graded PDF', () => {
  it('embeds every scan as its original JPEG bytes, with one PDF page per scan after the summary', async () => {
    const { input: copy, images } = await input();
    const { bytes, pageCount } = await renderGradedPdf(copy, async (p) => images.get(p.objectKey)!);
    const jpegs = await embeddedJpegs(bytes);
    expect(jpegs).toHaveLength(2);
    for (const original of images.values()) expect(jpegs.some((j) => j.equals(original))).toBe(true);
    expect(pageCount).toBe(3);
  });

  it('shows exam, student, total, scaled mark, every node with its maximum and remark, and the global comment, accents intact', async () => {
    const { input: copy, images } = await input();
    const text = flat(await pdfText((await renderGradedPdf(copy, async (p) => images.get(p.objectKey)!)).bytes));
    for (const expected of [
      'Collège Émile-Zola', 'Contrôle n°3 — Fractions', 'Mathématiques · 12/06/2026', "Élève : N'DIAYE Maël-Éloïse (4e B)",
      '15,5 / 20 points', 'Note sur 20', '15,50 / 20', 'Exercice 1 — Fractions', '6,5 / 8', 'a) Simplifier', '2,5 / 3',
      'b) Comparer', '4 / 5', 'Exercice 2 — Géométrie', '9 / 12', 'Bonne méthode ; attention aux signes.',
      'Figure soignée, démonstration incomplète.', 'Élève sérieuse ; continue ainsi.',
    ]) expect(text).toContain(expected);
  });

  it('draws every annotation’s text and points delta, and lists each in full on the summary', async () => {
    const { input: copy, images } = await input();
    const pages = await pdfText((await renderGradedPdf(copy, async (p) => images.get(p.objectKey)!)).bytes);
    const summary = flat(pages.slice(0, pages.length - 2));
    const scans = flat(pages.slice(-2));
    for (const a of copy.result.annotations.filter((x) => x.text)) {
      expect(summary).toContain(a.text);
      expect(scans).toContain(a.text!.split(' ')[0]);
    }
    expect(summary).toContain('(+0,5)');
    expect(summary).toContain('(-0,25)');
    expect(scans).toContain('+0,5');
  });

  it('names only the anonymous code when rendered anonymously', async () => {
    const { input: copy, images } = await input({ identity: { kind: 'anonymous', code: 'K7Q-42' } });
    const text = flat(await pdfText((await renderGradedPdf(copy, async (p) => images.get(p.objectKey)!)).bytes));
    expect(text).toContain('Copie anonyme : K7Q-42');
    expect(text).not.toContain('DIAYE');
  });

  it('wraps a very long remark, comment and annotation onto further summary pages without losing a word', async () => {
    const words = Array.from({ length: 900 }, (_, i) => `mot${i}é`);
    const long = words.join(' ');
    const { input: copy, images } = await input();
    copy.result.scores[0]!.remark = long;
    copy.result.globalComment = `${long} FIN-DU-COMMENTAIRE`;
    copy.result.annotations.push(annotation(1, 'text', { x: 0.5, y: 0.95, text: `${long} FIN-DE-NOTE`, pointsDelta: '1' }));
    const { bytes, pageCount } = await renderGradedPdf(copy, async (p) => images.get(p.objectKey)!);
    expect(pageCount).toBeGreaterThan(4);
    const text = flat(await pdfText(bytes));
    for (const word of [...words, 'FIN-DU-COMMENTAIRE', 'FIN-DE-NOTE']) expect(text).toContain(word);
    const count = (w: string) => text.split(` ${w} `).length - 1;
    expect(count('mot450é')).toBeGreaterThanOrEqual(3);
  });
});

describe('page images handed over as slices of a larger buffer', () => {
  it('embeds the slice’s own bytes (pdf-lib alone would read the whole underlying buffer)', async () => {
    const { input: copy, images } = await input();
    const sliced = new Map([...images].map(([key, jpeg]) => [key, Buffer.concat([Buffer.alloc(16, 7), jpeg]).subarray(16)]));
    const { bytes } = await renderGradedPdf(copy, async (p) => sliced.get(p.objectKey)!);
    const jpegs = await embeddedJpegs(bytes);
    for (const original of images.values()) expect(jpegs.some((j) => j.equals(original))).toBe(true);
  });
});
