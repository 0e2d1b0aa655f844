import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadMeter } from './upload-meter';

/** Runs `chunks` through a meter and collects what it lets out. */
async function meter(chunks: Buffer[], maxBytes = 1_000_000): Promise<{ out: Buffer; meter: UploadMeter }> {
  const m = new UploadMeter(maxBytes);
  const out: Buffer[] = [];
  m.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from(chunks), m);
  return { out: Buffer.concat(out), meter: m };
}

describe('UploadMeter', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x41)]);

  it('passes a PDF through unchanged, with its size and SHA-256', async () => {
    const chunks = [pdf.subarray(0, 3), pdf.subarray(3, 2000), pdf.subarray(2000)];
    const { out, meter: m } = await meter(chunks);
    expect(out.equals(pdf)).toBe(true);
    expect(m.size).toBe(pdf.length);
    expect(m.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('accepts the %PDF- header anywhere in the first KiB, as PDF readers do', async () => {
    const late = Buffer.concat([Buffer.alloc(600, 0x20), pdf]);
    expect((await meter([late])).out.equals(late)).toBe(true);
  });

  it('refuses a file that is not a PDF before letting a single byte through', async () => {
    const m = new UploadMeter(1_000_000);
    let let_through = 0;
    m.on('data', (chunk: Buffer) => (let_through += chunk.length));
    await expect(pipeline(Readable.from([Buffer.alloc(4000, 0x41)]), m)).rejects.toMatchObject({ code: 'upload_not_pdf' });
    expect(let_through).toBe(0);
  });

  it('refuses a short file without the header, and an empty one', async () => {
    await expect(meter([Buffer.from('hello')])).rejects.toMatchObject({ code: 'upload_not_pdf' });
    await expect(meter([])).rejects.toMatchObject({ code: 'upload_not_pdf' });
  });

  it('fails with 413 as soon as the file passes the limit', async () => {
    await expect(meter([pdf, pdf], pdf.length + 10)).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    expect((await meter([pdf], pdf.length)).meter.size).toBe(pdf.length);
  });
});
