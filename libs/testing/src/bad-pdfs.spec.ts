import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { hasBinary, pdfPages } from '../test/support';
import { corruptPdf, emptyPdf, encryptedPdf, notAPdf, truncatedPdf, vectorPdf } from './bad-pdfs';
import { generateScanPdf } from './scans';

jest.setTimeout(60_000);

const quietly = <T>(work: () => Promise<T>): Promise<T> => {
  // pdf-lib logs every object it cannot parse; the tests only care that it fails.
  const spies = (['log', 'warn'] as const).map((level) => jest.spyOn(console, level).mockImplementation(() => undefined));
  return work().finally(() => spies.forEach((spy) => spy.mockRestore()));
};

describe('malformed PDF fixtures', () => {
  it('notAPdf: a PNG (or text) with no PDF header', async () => {
    expect(notAPdf().subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(notAPdf('text').includes('%PDF')).toBe(false);
    await expect(PDFDocument.load(notAPdf())).rejects.toThrow(/No PDF header/);
  });

  it('truncatedPdf: the first half of a valid file, which pdf-lib cannot parse', async () => {
    const { pdf } = await generateScanPdf({ copies: [{ student: null }], pagesPerCopy: 2, seed: 1, dpi: 150 });
    const cut = truncatedPdf(pdf);
    expect(cut.length).toBe(Math.floor(pdf.length / 2));
    expect(cut.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(cut.includes('%%EOF')).toBe(false);
    await expect(PDFDocument.load(pdf)).resolves.toBeDefined();
    await expect(quietly(() => PDFDocument.load(cut))).rejects.toThrow();
    await expect(quietly(async () => PDFDocument.load(truncatedPdf(await vectorPdf(2))))).rejects.toThrow();
  });

  it('corruptPdf: the PDF magic followed by garbage that pdf-lib rejects', async () => {
    const bytes = corruptPdf();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(quietly(() => PDFDocument.load(bytes))).rejects.toThrow();
  });

  it('encryptedPdf: a trailer with /Encrypt (standard handler) that pdf-lib reports as encrypted', async () => {
    const bytes = encryptedPdf();
    const trailer = bytes.subarray(bytes.lastIndexOf('trailer')).toString('latin1');
    expect(trailer).toMatch(/\/Encrypt \d+ 0 R/);
    expect(bytes.toString('latin1')).toMatch(/\/Filter \/Standard \/V 2 \/R 3/);
    await expect(PDFDocument.load(bytes)).rejects.toThrow(/is encrypted/);
    expect((await PDFDocument.load(bytes, { ignoreEncryption: true })).isEncrypted).toBe(true);
    expect(bytes.includes('Sujet confidentiel')).toBe(false);
  });

  (hasBinary('qpdf') ? it : it.skip)('encryptedPdf: qpdf opens it with the user password and decrypts the page text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-bad-pdfs-'));
    try {
      const path = join(dir, 'encrypted.pdf');
      writeFileSync(path, encryptedPdf({ userPassword: 'eleve' }));
      expect(spawnSync('qpdf', ['--check', path], { encoding: 'utf8' }).status).not.toBe(0);
      expect(spawnSync('qpdf', ['--password=eleve', '--check', path], { encoding: 'utf8' }).status).toBe(0);
      const show = spawnSync('qpdf', ['--password=eleve', '--show-encryption', path], { encoding: 'utf8' });
      expect(show.stdout).toMatch(/R = 3/);
      const plain = spawnSync('qpdf', ['--password=eleve', '--decrypt', '--qdf', path, '-'], { encoding: 'latin1' });
      expect(plain.stdout).toContain('(Sujet confidentiel) Tj');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('emptyPdf: a valid PDF with zero pages', async () => {
    const doc = await PDFDocument.load(emptyPdf());
    expect(doc.getPageCount()).toBe(0);
    expect(doc.isEncrypted).toBe(false);
  });

  it('vectorPdf: text pages without any image, for the rasterise path', async () => {
    const bytes = await vectorPdf(3);
    const pages = await pdfPages(bytes);
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(page.images).toHaveLength(0);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPage(0).node.Contents()).toBeDefined();
  });
});
