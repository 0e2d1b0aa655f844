import { randomUUID } from 'node:crypto';
import { DEFAULT_HEADER_REGION, type NormalisedRect } from '@gradeline/contracts';
import { bufferSource, openPdf } from '@gradeline/pdf';
import { eventually, startTestService } from '@gradeline/runtime/testing';
import { generateRoster, generateScanPdf } from '@gradeline/testing';
import sharp from 'sharp';
import { service } from '../src/service';
import { addCopy, createWorld, type Svc, type World } from './support/world';

interface Grey {
  data: Buffer;
  width: number;
  height: number;
}

async function grey(jpeg: Buffer): Promise<Grey> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Pixel statistics of a normalised region: how many are dark (ink), and the mean level. */
function region(img: Grey, rect: NormalisedRect): { dark: number; mean: number; count: number } {
  const [x0, y0] = [Math.round(rect.x * img.width), Math.round(rect.y * img.height)];
  const [x1, y1] = [Math.round((rect.x + rect.width) * img.width), Math.round((rect.y + rect.height) * img.height)];
  let dark = 0;
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = img.data[y * img.width + x]!;
      sum += v;
      if (v < 160) dark++;
    }
  }
  const count = (x1 - x0) * (y1 - y0);
  return { dark, mean: sum / count, count };
}

// The corrector's page images: page 1 with the name header painted over in the pixels, served
// through short-lived signed links only after the access check.
describe('page images for correctors', () => {
  let svc: Svc;
  let world: World;
  let copyId: string;
  let original: Buffer;

  beforeAll(async () => {
    svc = await startTestService(service);
    world = await createWorld(svc);
    const [student] = generateRoster({ count: 1, seed: 11, classes: ['3B'] });
    const { pdf } = await generateScanPdf({ copies: [{ student: student! }], pagesPerCopy: 2, seed: 11, dpi: 150 });
    const doc = await openPdf(bufferSource(pdf));
    const pages = [];
    for (const index of [0, 1]) {
      const jpeg = (await doc.extractScannedJpeg(index))!.jpeg;
      const objectKey = `${world.tenantId}/ingestion/pages/${randomUUID()}.jpg`;
      await svc.deps.store.put(objectKey, jpeg, { contentType: 'image/jpeg' });
      const { width, height } = await sharp(jpeg).metadata();
      pages.push({ number: index + 1, objectKey, contentType: 'image/jpeg', size: jpeg.length, width: width!, height: height! });
      if (index === 0) original = jpeg;
    }
    copyId = await addCopy(svc, world, { pages });
  }, 60_000);
  afterAll(() => svc.close());

  const link = (n: number, headers = world.as.corrector) => svc.app.inject({ url: `/copies/${copyId}/pages/${n}`, headers });
  const fetchSigned = async (url: string) => {
    const res = await svc.app.inject({ url: new URL(url).pathname.replace('/api/v1/files/grading', '/files') });
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  };

  it('serves page 1 with the header region masked in the pixels, and the rest of the page intact', async () => {
    const res = await link(1);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const body = res.json();
    expect(body).toMatchObject({ copyId, page: 1, masked: true, url: expect.stringMatching(/^http:\/\/gradeline\.test\/api\/v1\/files\/grading\//) });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(240_000);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const before = await grey(original);
    const after = await grey(await fetchSigned(body.url));
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    const header = DEFAULT_HEADER_REGION;
    expect(region(before, header).dark).toBeGreaterThan(500); // the name, boxes and labels
    expect(region(after, header).dark).toBe(0);
    expect(region(after, header).mean).toBeGreaterThan(250);
    const body2 = { x: 0.05, y: 0.3, width: 0.9, height: 0.6 };
    expect(region(after, body2).dark).toBeGreaterThan(0.9 * region(before, body2).dark);
    expect(Math.abs(region(after, body2).mean - region(before, body2).mean)).toBeLessThan(3);
  });

  it('stores the rendition once under its deterministic key, never the original behind page 1', async () => {
    const key = `${world.tenantId}/grading/renditions/${copyId}/1.jpg`;
    const first = await svc.deps.store.head(key);
    expect(first).not.toBeNull();
    await link(1);
    expect((await svc.deps.store.head(key))!.etag).toBe(first!.etag);
    const served = await fetchSigned((await link(1)).json().url);
    const stored: Buffer[] = [];
    for await (const chunk of await svc.deps.store.get(key)) stored.push(chunk as Buffer);
    expect(served.equals(Buffer.concat(stored))).toBe(true);
    expect(served.equals(original)).toBe(false);
  });

  it('masks the exam’s own header region, re-rendering when the exam moves it', async () => {
    const lower: NormalisedRect = { x: 0.1, y: 0.3, width: 0.8, height: 0.2 };
    await svc.publish('exam.exam.updated.v1', world.tenantId, {
      examId: world.examId, name: 'Contrôle de synthèse', subject: 'Mathématiques', date: '2025-11-20', classNames: ['3B'], pagesPerCopy: 2,
      headerRegion: lower, correctorIds: [world.corrector, world.otherCorrector], leadTeacherIds: [world.lead], status: 'grading', scaleTo: 20, coefficient: '1',
    });
    await eventually('the new header region', async () => {
      const [row] = await svc.deps.orm.em.fork().execute<Array<{ y: number }>>(`select (header_region->>'y')::float as y from exam where id = ?`, [world.examId]);
      return row?.y === 0.3;
    });
    const after = await grey(await fetchSigned((await link(1)).json().url));
    expect(region(await grey(original), lower).dark).toBeGreaterThan(500);
    expect(region(after, lower).dark).toBe(0);
  });

  it('serves other pages as they are, through the same check; a page the copy lacks is 404', async () => {
    const page2 = (await link(2)).json();
    expect(page2.masked).toBe(false);
    expect((await fetchSigned(page2.url)).length).toBeGreaterThan(1000);
    expect((await link(3)).statusCode).toBe(404);
    expect((await link(1, world.as.otherCorrector)).statusCode).toBe(404);
    expect((await link(1, world.as.student)).statusCode).toBe(403);
  });
});
