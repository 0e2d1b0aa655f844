import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { hasBinary } from '../test/support';
import { generateHeaderImage } from './headers';
import { printedHeaderValues } from './name-header';

jest.setTimeout(60_000);

const student = { lastName: 'Fontaine', firstName: 'Anaïs', birthDate: '2011-06-24' };

async function greyPixels(image: Buffer): Promise<{ data: Buffer; width: number }> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

const darkShare = (data: Buffer) => data.filter((v) => v < 128).length / data.length;

/** Mean step between horizontal neighbours: lower when the image is blurred. */
function sharpness({ data, width }: { data: Buffer; width: number }): number {
  let sum = 0;
  for (let i = 1; i < data.length; i++) if (i % width !== 0) sum += Math.abs(data[i]! - data[i - 1]!);
  return sum / data.length;
}

describe('generateHeaderImage', () => {
  it('is the DEFAULT_HEADER_REGION crop of an A4 page at the requested dpi, greyscale', async () => {
    const png = await generateHeaderImage({ student, seed: 1 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await sharp(png).metadata()).toMatchObject({ width: 1522, height: 374, channels: 1 });
    const jpeg = await generateHeaderImage({ student, seed: 1, dpi: 300, format: 'jpeg' });
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(await sharp(jpeg).metadata()).toMatchObject({ width: 2282, height: 561 });
  });

  it('is the same image for the same seed and another for another seed', async () => {
    const a = await generateHeaderImage({ student, seed: 5, noise: 0.5 });
    expect((await generateHeaderImage({ student, seed: 5, noise: 0.5 })).equals(a)).toBe(true);
    expect((await generateHeaderImage({ student, seed: 6, noise: 0.5 })).equals(a)).toBe(false);
  });

  it('writes the values in the comb boxes, and leaves them empty for a blank header', async () => {
    // The boxes span about 17%-84% of the width (labels left, QR compartment right); their light
    // comb lines stay above the dark threshold, so only written characters count.
    const boxes = async (image: Buffer) => {
      const { width = 0, height = 0 } = await sharp(image).metadata();
      const area = { left: Math.round(width * 0.17), top: Math.round(height * 0.15), width: Math.round(width * 0.67), height: Math.round(height * 0.65) };
      return darkShare(await sharp(image).extract(area).raw().toBuffer());
    };
    expect(await boxes(await generateHeaderImage({ student, seed: 2, noise: 0 }))).toBeGreaterThan(0.01);
    expect(await boxes(await generateHeaderImage({ student: null, seed: 2, noise: 0 }))).toBeLessThan(0.001);
  });

  it('blurs on request', async () => {
    const crisp = sharpness(await greyPixels(await generateHeaderImage({ student, seed: 3, noise: 0 })));
    const blurred = sharpness(await greyPixels(await generateHeaderImage({ student, seed: 3, noise: 0, blur: 1.5 })));
    expect(blurred).toBeLessThan(crisp * 0.8);
  });

  it('misreads one letter with ocrSlip: a swap or a drop in one name, the same for the same seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const clean = printedHeaderValues(student, { seed })!;
      const slipped = printedHeaderValues(student, { seed, ocrSlip: true })!;
      expect(printedHeaderValues(student, { seed, ocrSlip: true })).toEqual(slipped);
      expect(slipped.birthDate).toBe(clean.birthDate);
      const changed = (['lastName', 'firstName'] as const).filter((k) => slipped[k] !== clean[k]);
      expect(changed).toHaveLength(1);
      const [before, after] = [clean[changed[0]!], slipped[changed[0]!]];
      const sorted = (t: string) => [...t].sort().join('');
      const swapped = after.length === before.length && sorted(after) === sorted(before);
      const dropped = after.length === before.length - 1 && [...before].some((_, i) => before.slice(0, i) + before.slice(i + 1) === after);
      expect(swapped || dropped).toBe(true);
    }
    expect(printedHeaderValues(student, { seed: 1 })).toEqual({ lastName: 'FONTAINE', firstName: 'Anaïs', birthDate: '24/06/2011' });
  });

  // Proves the header is legible to a real OCR engine. Skipped (not failed) where tesseract is not installed.
  (hasBinary('tesseract') ? it : it.skip)('is legible: tesseract reads the last name written in the boxes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-header-'));
    try {
      const path = join(dir, 'header.png');
      writeFileSync(path, await generateHeaderImage({ student: { ...student, lastName: 'Lemaire' }, seed: 4 }));
      const out = spawnSync('tesseract', [path, '-', '-l', 'fra', '--psm', '4'], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      expect(out.stdout.toUpperCase().replace(/[^A-Z\n]/g, '')).toContain('LEMAIRE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
