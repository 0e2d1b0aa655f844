import sharp from 'sharp';
import { createRasteriser, detectUpsideDown, rotate180 } from '../src';
import { textPagePdf } from './fixtures';

// PDFium renders on a machine shared with other test files: allow for it.
jest.setTimeout(30_000);

describe('finding pages scanned upside down, without a QR code', () => {
  let upright: Buffer;
  beforeAll(async () => {
    const rasteriser = await createRasteriser();
    upright = (await rasteriser.renderBytes(await textPagePdf(), 0)).jpeg;
    rasteriser.close();
  });

  it('leaves an upright text page alone', async () => {
    expect(await detectUpsideDown(upright)).toBe(false);
  });

  it('spots the same page turned 180°, and rotate180 puts it right', async () => {
    const turned = await rotate180(upright);
    expect(await detectUpsideDown(turned)).toBe(true);
    expect(await detectUpsideDown(await rotate180(turned))).toBe(false);
  });

  it('says no when there is nothing to judge by (a blank page)', async () => {
    const blank = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect(await detectUpsideDown(blank)).toBe(false);
  });
});
