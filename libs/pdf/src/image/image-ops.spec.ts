import sharp from 'sharp';
import { cropRegion, maskRegion, rotate180, thumbnail, toPixels } from './image-ops';

/** A white 200×100 page with a black 20×20 mark in its top-left corner. */
const page = () =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: '#fff' } })
    .composite([{ input: { create: { width: 20, height: 20, channels: 3, background: '#000' } }, left: 0, top: 0 }])
    .jpeg({ quality: 95 })
    .toBuffer();

async function meanOf(image: Buffer, left: number, top: number, width: number, height: number): Promise<number> {
  // stats() would describe the whole input, not the extracted region: average the raw pixels.
  const raw = await sharp(image).extract({ left, top, width, height }).greyscale().raw().toBuffer();
  return raw.reduce((sum, v) => sum + v, 0) / raw.length;
}

describe('page image operations', () => {
  it('turns a page upside down: the top-left mark ends bottom right', async () => {
    const turned = await rotate180(await page());
    expect(await meanOf(turned, 182, 82, 16, 16)).toBeLessThan(30);
    expect(await meanOf(turned, 2, 2, 16, 16)).toBeGreaterThan(230);
  });

  it('crops a normalised region (the header) at the right pixels, as JPEG or PNG', async () => {
    const crop = await cropRegion(await page(), { x: 0, y: 0, width: 0.5, height: 0.5 }, { format: 'png' });
    const meta = await sharp(crop).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 100, 50]);
    expect(await meanOf(crop, 2, 2, 16, 16)).toBeLessThan(30);
  });

  it('masks the name header so the mark under it is gone and the rest untouched', async () => {
    const masked = await maskRegion(await page(), { x: 0, y: 0, width: 0.25, height: 0.5 });
    expect(await meanOf(masked, 0, 0, 40, 40)).toBeGreaterThan(250);
    const grey = await maskRegion(await page(), { x: 0, y: 0, width: 0.25, height: 0.5 }, { fill: 'grey' });
    expect(Math.round(await meanOf(grey, 5, 5, 30, 30))).toBeCloseTo(200, -1);
  });

  it('makes a thumbnail of the width asked for', async () => {
    const meta = await sharp(await thumbnail(await page(), 50)).metadata();
    expect([meta.width, meta.height]).toEqual([50, 25]);
  });

  it('keeps a region inside the image even at its edges', () => {
    expect(toPixels({ x: 0.99, y: 0.99, width: 0.01, height: 0.01 }, 200, 100)).toEqual({ left: 198, top: 99, width: 2, height: 1 });
  });
});
