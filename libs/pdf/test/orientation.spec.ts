import { generateScanPdf } from '@gradeline/testing';
import sharp from 'sharp';
import { bufferSource, createRasteriser, detectUpsideDown, openPdf, rotate180 } from '../src';
import { textPagePdf } from './fixtures';

// PDFium renders, and the synthetic scanner draws pages, on a machine shared with other test files.
jest.setTimeout(60_000);

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

  // Pages are judged at about 100 dpi whatever the scan's resolution (line heights are counted in
  // pixels there): a 150 dpi page as it is, 200 and 300 dpi ones reduced.
  it.each([150, 200, 300])('finds the pages fed upside down in a %i dpi scan, and only them', async (dpi) => {
    const copies = [{ student: null }];
    const { pdf, truth } = await generateScanPdf({ copies, pagesPerCopy: 3, seed: 90 + dpi, dpi, upsideDownPages: [1] });
    const doc = await openPdf(bufferSource(pdf));
    const found: boolean[] = [];
    for (let i = 0; i < doc.pageCount; i++) found.push(await detectUpsideDown((await doc.extractScannedJpeg(i))!.jpeg));
    expect(found).toEqual(truth.pages.map((p) => p.upsideDown));
    expect(found.filter(Boolean)).toHaveLength(1);
  });
});
