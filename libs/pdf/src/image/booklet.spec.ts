import sharp from 'sharp';
import { bookletOrder, bookletSides, splitA3 } from './booklet';

/** A flat A4 half of one grey level per page number, so a half tells which page it is by its mean. */
const levelOf = (page: number) => 30 + page * 40;
const half = (page: number) => ({
  input: { create: { width: 400, height: 566, channels: 3 as const, background: { r: levelOf(page), g: levelOf(page), b: levelOf(page) } } },
});

async function a3Side(left: number, right: number): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 566, channels: 3, background: '#fff' } })
    .composite([
      { ...half(left), left: 0, top: 0 },
      { ...half(right), left: 400, top: 0 },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}

const pageOf = async (jpeg: Buffer) => Math.round(((await sharp(jpeg).stats()).channels[0]!.mean - 30) / 40);

describe('folded A3 booklets', () => {
  it('lays out a 4-page booklet as [4 | 1] then [2 | 3], and 8 pages by saddle-stitch imposition', () => {
    expect(bookletSides(4)).toEqual([
      [4, 1],
      [2, 3],
    ]);
    expect(bookletSides(8)).toEqual([
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
    ]);
    expect(() => bookletSides(6)).toThrow(RangeError);
  });

  it('splits scanned sides into A4 halves and puts a 4-page booklet back in order', async () => {
    const sides = await Promise.all([a3Side(4, 1), a3Side(2, 3)]);
    const halves: Array<[Buffer, Buffer]> = [];
    for (const side of sides) {
      const split = await splitA3(side);
      expect(split).not.toBeNull();
      halves.push(split!);
    }
    const meta = await sharp(halves[0]![0]).metadata();
    expect([meta.width, meta.height]).toEqual([400, 566]);
    const ordered = bookletOrder(halves);
    expect(await Promise.all(ordered.map(pageOf))).toEqual([1, 2, 3, 4]);
  });

  it('leaves a portrait A4 page whole', async () => {
    const a4 = await sharp({ create: { width: 400, height: 566, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect(await splitA3(a4)).toBeNull();
  });
});
