import { encodeSheetCode } from '@gradeline/contracts';
import sharp from 'sharp';
import { createRasteriser, readSheetQr, renderSheetQr, type Rasteriser } from '../src';
import { textPagePdf } from './fixtures';

const CODE = encodeSheetCode({
  tenantGuard: '0a1b2c3d',
  examId: '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  slot: 17,
  page: 2,
  studentId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
});

// Rendering pages through PDFium and scanning them is CPU work: slow on a busy machine.
jest.setTimeout(30_000);

let rasteriser: Rasteriser;
beforeAll(async () => {
  rasteriser = await createRasteriser();
});
afterAll(() => rasteriser.close());

/** A generated exam page at `dpi` with the sheet code printed 2 cm wide, 8 mm from the top-right corner. */
async function codedPage(dpi: number): Promise<Buffer> {
  const page = await rasteriser.renderBytes(await textPagePdf(), 0, { dpi });
  const size = Math.round((2 / 2.54) * dpi);
  const margin = Math.round((0.8 / 2.54) * dpi);
  const qr = await renderSheetQr(CODE, size);
  return sharp(page.jpeg)
    .composite([{ input: qr, left: page.widthPx - size - margin, top: margin }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

describe('sheet QR codes', () => {
  it('renders a PNG of the size asked for', async () => {
    const meta = await sharp(await renderSheetQr(CODE, 240)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 240, 240]);
  });

  it.each([200, 150])('reads the code back from a page scanned at %i dpi, upright', async (dpi) => {
    expect(await readSheetQr(await codedPage(dpi))).toEqual({ text: CODE, orientation: 0 });
  });

  it.each([180, 90, 270] as const)('reads the code and the turn of a page scanned turned %i°', async (turn) => {
    const turned = await sharp(await codedPage(200)).rotate(turn).jpeg({ quality: 80 }).toBuffer();
    expect(await readSheetQr(turned)).toEqual({ text: CODE, orientation: turn });
  });

  it('reads the sheet code of a page that also carries another QR code (a printed link)', async () => {
    const link = await renderSheetQr('https://example.org/revisions', Math.round((2 / 2.54) * 200));
    const page = await sharp(await codedPage(200)).composite([{ input: link, left: 1100, top: 80 }]).jpeg({ quality: 80 }).toBuffer();
    expect(await readSheetQr(page)).toEqual({ text: CODE, orientation: 0 });
  });

  it('answers null for a page without a code', async () => {
    const page = await rasteriser.renderBytes(await textPagePdf(), 0, { dpi: 150 });
    expect(await readSheetQr(page.jpeg)).toBeNull();
  });
});
