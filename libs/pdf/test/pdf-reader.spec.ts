import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { bufferSource, fileSource, inspectPdf, openPdf, rangeSource } from '../src';
import { classicPdf, xrefStreamPdf } from './hand-pdf';
import { A4_PT, makeJpeg, noisyJpeg, scannedPdf } from './fixtures';

describe('a scanned PDF made by pdf-lib', () => {
  let jpegs: Buffer[];
  beforeAll(async () => {
    jpegs = await Promise.all([0, 1, 2, 3, 4].map((i) => makeJpeg(120 + i, 170, i + 1, i % 2 === 0)));
  });

  it.each([true, false])('gives back every page JPEG byte for byte (object streams: %s)', async (useObjectStreams) => {
    const pdf = await openPdf(bufferSource(await scannedPdf(jpegs.map((jpeg) => ({ jpeg })), useObjectStreams)));
    expect(pdf.pageCount).toBe(5);
    for (let i = 0; i < 5; i++) {
      const scan = await pdf.extractScannedJpeg(i);
      expect(scan?.jpeg.equals(jpegs[i]!)).toBe(true);
      expect(scan).toMatchObject({ widthPx: 120 + i, heightPx: 170, rotate: 0, colorSpace: i % 2 === 0 ? 'gray' : 'rgb' });
    }
  });

  it('reports page sizes and /Rotate, and turns the JPEG the way the page is shown', async () => {
    const bytes = await scannedPdf(
      [
        { jpeg: jpegs[0]!, widthPt: 1190.55, heightPt: 841.89 },
        { jpeg: jpegs[1]!, rotate: 180 },
        { jpeg: jpegs[2]!, rotate: 90 },
      ],
      true,
    );
    const pdf = await openPdf(bufferSource(bytes));
    expect(await pdf.page(0)).toMatchObject({ widthPt: 1190.55, heightPt: 841.89, rotate: 0, scanned: true });
    expect(await pdf.page(1)).toMatchObject({ widthPt: A4_PT.width, rotate: 180 });
    expect((await pdf.extractScannedJpeg(1))?.rotate).toBe(180);
    const turned = await pdf.extractScannedJpeg(2);
    expect(turned).toMatchObject({ rotate: 90, widthPt: A4_PT.height, heightPt: A4_PT.width });
  });

  it('reads the same pages from a file and through range requests', async () => {
    const noisy = await Promise.all([0, 1, 2, 3].map(() => noisyJpeg(300, 400)));
    const bytes = await scannedPdf(noisy.map((jpeg) => ({ jpeg })), false);
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gl-pdf-')), 'scan.pdf');
    await fs.writeFile(file, bytes);
    const ranges: Array<[number, number]> = [];
    const sources = [
      await fileSource(file),
      rangeSource(
        bytes.length,
        (start, end) => {
          ranges.push([start, end]);
          return Promise.resolve(bytes.subarray(start, end + 1));
        },
        { blockSize: 8192 },
      ),
    ];
    for (const source of sources) {
      const pdf = await openPdf(source);
      expect((await pdf.extractScannedJpeg(3))?.jpeg.equals(noisy[3]!)).toBe(true);
      await source.close();
    }
    // Lazy: reading page 4 fetched (almost) nothing of the images of pages 1 to 3, only block edges.
    for (const other of noisy.slice(0, 3)) {
      const at = bytes.indexOf(other);
      const fetched = ranges.reduce((n, [s, e]) => n + Math.max(0, Math.min(e + 1, at + other.length) - Math.max(s, at)), 0);
      expect(fetched).toBeLessThan(other.length / 4);
    }
    await fs.rm(path.dirname(file), { recursive: true });
  });

  it('says a page is not a plain scan when something else is drawn on it', async () => {
    const { PDFDocument, rgb } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const page = doc.addPage([A4_PT.width, A4_PT.height]);
    page.drawImage(await doc.embedJpg(jpegs[0]!), { x: 0, y: 0, width: A4_PT.width, height: A4_PT.height });
    page.drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(1, 0, 0) });
    const small = doc.addPage([A4_PT.width, A4_PT.height]);
    small.drawImage(await doc.embedJpg(jpegs[1]!), { x: 0, y: 0, width: 200, height: 200 });
    const pdf = await openPdf(bufferSource(Buffer.from(await doc.save())));
    expect(await pdf.extractScannedJpeg(0)).toBeNull();
    const second = await pdf.page(1);
    expect(second.scanned).toBe(false);
    expect(second.images[0]!.coverage).toBeLessThan(0.2);
  });
});

/** Objects of a hand-made PDF 1.5 file; pages inherit MediaBox and Resources from the tree. */
async function handMadeObjects(jpegs: Buffer[]) {
  const content = (i: number) => zlib.deflateSync(Buffer.from(`q\n595 0 0 842 0 0 cm\n/Im${i} Do\nQ\n`));
  const loose = [
    { num: 10, body: `<</Type /XObject /Subtype /Image /Width 100 /Height 140 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/DCTDecode]>>`, stream: jpegs[0]!, lengthRef: 20 },
    { num: 11, body: `<</Type /XObject /Subtype /Image /Width 101 /Height 140 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode>>`, stream: jpegs[1]! },
    { num: 12, body: `<</Type /XObject /Subtype /Image /Width 102 /Height 140 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode>>`, stream: jpegs[2]! },
    { num: 13, body: '<</Filter /FlateDecode>>', stream: content(0) },
    { num: 14, body: '<</Filter /FlateDecode>>', stream: content(1) },
    { num: 15, body: '<</Filter /FlateDecode>>', stream: content(2) },
  ];
  const packed = [
    { num: 1, body: '<</Type /Catalog /Pages 2 0 R>>' },
    { num: 2, body: '<</Type /Pages /Kids [3 0 R 4 0 R] /Count 3 /MediaBox [0 0 595 842] /Resources <</XObject <</Im0 10 0 R /Im1 11 0 R /Im2 12 0 R>>>>>>' },
    { num: 3, body: '<</Type /Page /Parent 2 0 R /Contents 13 0 R /Rotate 180>>' },
    { num: 4, body: '<</Type /Pages /Parent 2 0 R /Kids [5 0 R 6 0 R] /Count 2 /Rotate 90>>' },
    { num: 5, body: '<</Type /Page /Parent 4 0 R /Contents [14 0 R]>>' },
    { num: 6, body: '<</Type /Page /Parent 4 0 R /Contents 15 0 R /CropBox [10 20 510 820] /Rotate 0>>' },
    { num: 20, body: String(jpegs[0]!.length) },
  ];
  return { loose, packed };
}

describe('a hand-assembled PDF 1.5 with a cross-reference stream and an object stream', () => {
  it('finds every page through a nested tree, with inherited attributes, indirect /Length and rotation', async () => {
    const jpegs = await Promise.all([0, 1, 2].map((i) => makeJpeg(100 + i, 140, i + 3)));
    const { loose, packed } = await handMadeObjects(jpegs);
    const pdf = await openPdf(bufferSource(xrefStreamPdf(loose, packed, 1)));
    expect(pdf.pageCount).toBe(3);
    expect(pdf.version).toBe('1.5');
    const pages = await Promise.all([0, 1, 2].map((i) => pdf.page(i)));
    expect(pages.map((p) => [p.widthPt, p.heightPt, p.rotate])).toEqual([
      [595, 842, 180],
      [595, 842, 90],
      [500, 800, 0],
    ]);
    for (let i = 0; i < 3; i++) expect((await pdf.extractScannedJpeg(i))?.jpeg.equals(jpegs[i]!)).toBe(true);
    expect(pages[2]!.images[0]).toMatchObject({ widthPx: 102, filters: ['DCTDecode'], colorSpace: 'gray' });
  });

  it('is described by inspectPdf', async () => {
    const jpegs = await Promise.all([0, 1, 2].map((i) => makeJpeg(100 + i, 140, i + 3)));
    const { loose, packed } = await handMadeObjects(jpegs);
    expect(await inspectPdf(bufferSource(xrefStreamPdf(loose, packed, 1)))).toEqual({ pageCount: 3, version: '1.5', encrypted: false });
  });
});

describe('an incrementally updated classic PDF', () => {
  it('follows /Prev and takes the newest version of a changed object', async () => {
    const jpeg = await makeJpeg(80, 110, 9);
    const base = classicPdf(
      [
        { num: 1, body: '<</Type /Catalog /Pages 2 0 R>>' },
        { num: 2, body: '<</Type /Pages /Kids [3 0 R] /Count 1>>' },
        { num: 3, body: '<</Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R /Resources <</XObject <</I 5 0 R>>>>>>' },
        { num: 4, body: '<<>>', stream: Buffer.from('q 300 0 0 400 0 0 cm /I Do Q') },
        { num: 5, body: '<</Subtype /Image /Width 80 /Height 110 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode>>', stream: jpeg },
      ],
      ' /Root 1 0 R',
    );
    const startxref = Number(/startxref\n(\d+)/.exec(base.toString('latin1'))![1]);
    const update = Buffer.from(`3 0 obj\n<</Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Rotate 270 /Contents 4 0 R /Resources <</XObject <</I 5 0 R>>>>>>\nendobj\n`);
    const xrefAt = base.length + update.length;
    const table = `xref\n3 1\n${String(base.length).padStart(10, '0')} 00000 n \ntrailer\n<</Size 6 /Root 1 0 R /Prev ${startxref}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const pdf = await openPdf(bufferSource(Buffer.concat([base, update, Buffer.from(table)])));
    expect((await pdf.page(0)).rotate).toBe(270);
    expect((await pdf.extractScannedJpeg(0))?.jpeg.equals(jpeg)).toBe(true);
  });
});
