import { generateHeaderImage } from '@gradeline/testing';
import sharp from 'sharp';
import { prepareHeader, prepareHeaderImage, removeRules } from './header-image';

/** The pixels of a binary PGM (P5) image, as prepareHeader writes them. */
function readPgm(image: Buffer): { data: Buffer; info: { width: number; height: number } } {
  const header = /^P5\n(\d+) (\d+)\n255\n/.exec(image.subarray(0, 32).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  return { data: image.subarray(header[0].length), info: { width: Number(header[1]), height: Number(header[2]) } };
}

async function inkRows(pgm: Buffer): Promise<{ rows: number[]; columns: number[]; total: number }> {
  const { data, info } = readPgm(pgm);
  const rows = new Array<number>(info.height).fill(0);
  const columns = new Array<number>(info.width).fill(0);
  let total = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[y * info.width + x]! < 128) {
        rows[y]!++;
        columns[x]!++;
        total++;
      }
    }
  }
  return { rows, columns, total };
}

const readPgmOf = ({ data, info }: { data: Buffer; info: { width: number; height: number } }) =>
  Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`), data]);

// A CMEN-like box: a dark frame, dark comb boxes, and a word written in them.
const FORM = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="200">
  <rect width="800" height="200" fill="#eee"/>
  <rect x="4" y="4" width="792" height="192" fill="none" stroke="#222" stroke-width="3"/>
  ${Array.from({ length: 12 }, (_, i) => `<rect x="${200 + i * 40}" y="70" width="40" height="60" fill="none" stroke="#444" stroke-width="2"/>`).join('')}
  <text x="210" y="120" font-family="DejaVu Sans" font-size="40" fill="#111">A B C</text>
</svg>`;

describe('preparing a header image for OCR', () => {
  it('keeps the writing and removes the frame and comb lines', async () => {
    const before = await inkRows(readPgmOf(await sharp(Buffer.from(FORM)).greyscale().raw().toBuffer({ resolveWithObject: true })));
    const after = await inkRows(await prepareHeaderImage(await sharp(Buffer.from(FORM)).png().toBuffer()));
    expect(before.rows[70]).toBeGreaterThan(400); // the comb's top line
    expect(after.rows[70]).toBeLessThan(20);
    expect(after.rows[5]).toBeLessThan(20); // the frame
    expect(after.columns[600]).toBeLessThan(5); // a comb separator, away from the letters
    const letters = after.rows.slice(90, 120).reduce((a, b) => a + b, 0);
    expect(letters).toBeGreaterThan(300); // "A B C" is still there
  });

  it('leaves short strokes alone and erases a slightly skewed long line', () => {
    const width = 200;
    const height = 60;
    const ink = new Uint8Array(width * height);
    for (let x = 10; x < 190; x++) ink[(20 + Math.floor(x / 60)) * width + x] = 1; // a line stepping down every 60 px
    for (let y = 35; y < 50; y++) ink[y * width + 100] = 1; // a 15-px stroke
    const out = removeRules(ink, width, height);
    expect(out.reduce((a, b) => a + b, 0)).toBe(15);
  });

  it('reads a form by its comb rows alone: one line each, with its label, without the instructions around them', async () => {
    const student = { lastName: 'Da Costa-Lefèvre', firstName: 'Hugo', birthDate: '2010-11-02' };
    const crop = await generateHeaderImage({ student, seed: 4, noise: 0.3, blur: 0.6, rotationDeg: 1 });
    const { info: whole } = await sharp(crop).raw().toBuffer({ resolveWithObject: true });
    const header = await prepareHeader(crop);
    if (header.kind !== 'lines') throw new Error(`expected the comb rows, got ${header.kind}`);
    expect(header.lines).toHaveLength(3); // NOM, PRÉNOM, Né(e) le
    for (const line of header.lines) {
      const { info, data } = readPgm(line);
      expect(info.height).toBeLessThan(whole.height / 4); // one row, not the instruction line above it
      expect(info.width).toBeLessThan(whole.width * 0.6); // stops after the writing, not at the last empty box
      const ink = (x0: number, x1: number) => {
        let n = 0;
        for (let y = 0; y < info.height; y++) for (let x = x0; x < x1; x++) if (data[y * info.width + x]! < 128) n++;
        return n;
      };
      expect(ink(0, Math.round(whole.width * 0.12))).toBeGreaterThan(100); // the label is kept
      expect(ink(Math.round(whole.width * 0.17), info.width)).toBeGreaterThan(300); // and what was written
    }
  });

  it('reads a crop without comb rows whole', async () => {
    const header = await prepareHeader(await sharp(Buffer.from(FORM)).png().toBuffer());
    expect(header.kind).toBe('page');
  });
});
