import { PDFDocument, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { bufferSource, createRasteriser, openPdf, type Rasteriser } from '../src';
import { A4_AT_200, A4_PT, textPagePdf } from './fixtures';

// PDFium renders on a machine shared with other test files: allow for it.
jest.setTimeout(30_000);

describe('rasterising pages that are not plain JPEG scans', () => {
  let rasteriser: Rasteriser;
  beforeAll(async () => {
    rasteriser = await createRasteriser();
  });
  afterAll(() => rasteriser.close());

  it('renders a vector A4 page to a greyscale JPEG of 1654×2339 pixels at 200 dpi', async () => {
    const pdf = await openPdf(bufferSource(await textPagePdf()));
    expect(await pdf.extractScannedJpeg(0)).toBeNull();
    const page = await rasteriser.render(pdf, 0);
    expect(page).toMatchObject({ widthPx: A4_AT_200.width, heightPx: A4_AT_200.height, dpi: 200 });
    const meta = await sharp(page.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['jpeg', A4_AT_200.width, A4_AT_200.height, 1]);
    // The text is there: a rendered page is not blank.
    const stats = await sharp(page.jpeg).stats();
    expect(stats.channels[0]!.min).toBeLessThan(60);
  });

  it('honours the resolution asked for and the page rotation', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([A4_PT.width, A4_PT.height]).drawCircle({ x: 100, y: 100, size: 40 });
    doc.addPage([A4_PT.width, A4_PT.height]).setRotation(degrees(90));
    const bytes = Buffer.from(await doc.save());
    const pdf = await openPdf(bufferSource(bytes));
    expect(await rasteriser.render(pdf, 0, { dpi: 150 })).toMatchObject({ widthPx: 1240, heightPx: 1754 });
    expect(await rasteriser.render(pdf, 1)).toMatchObject({ widthPx: A4_AT_200.height, heightPx: A4_AT_200.width });
  });

  it('draws the same page from the single-page copy as from the whole file', async () => {
    const bytes = await textPagePdf();
    const fromCopy = await rasteriser.render(await openPdf(bufferSource(bytes)), 0, { dpi: 72 });
    const fromWhole = await rasteriser.renderBytes(bytes, 0, { dpi: 72 });
    const [a, b] = await Promise.all([fromCopy, fromWhole].map((p) => sharp(p.jpeg).raw().toBuffer()));
    let diff = 0;
    for (let i = 0; i < a!.length; i++) diff += Math.abs(a![i]! - b![i]!);
    expect(diff / a!.length).toBeLessThan(1);
  });
});
