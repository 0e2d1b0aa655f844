import fs from 'node:fs';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { generateHeaderImage } from '@gradeline/testing';
import { prepareHeader, prepareHeaderImage } from './header-image';
import { recogniseHeader } from './header-ocr';
import { linkLanguageData, OCR_LANGUAGES, TesseractPool, tesseractOptions, WORKER_SCRIPT } from './tesseract-pool';

jest.setTimeout(60_000);

// Nothing leaves the machine: the OCR engine must never fetch its language data or its core.
describe('the tesseract.js pool, without network', () => {
  let dir: string;
  beforeAll(() => {
    dir = linkLanguageData(fs.mkdtempSync(path.join(os.tmpdir(), 'gl-ocr-spec-')));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads French and English data from the installed @tesseract.js-data packages, not a URL', () => {
    const options = tesseractOptions(dir);
    expect(options.langPath).toBe(dir);
    expect(options.langPath).not.toMatch(/^[a-z]+:\/\//);
    expect(options).toMatchObject({ gzip: true, cacheMethod: 'none', workerPath: WORKER_SCRIPT });
    for (const lang of OCR_LANGUAGES) {
      const target = fs.realpathSync(path.join(dir, `${lang}.traineddata.gz`));
      expect(target).toContain(path.join('node_modules', '@tesseract.js-data', lang));
      expect(fs.statSync(target).size).toBeGreaterThan(100_000);
    }
  });

  it('runs its worker threads with fetch disabled: a request never reaches a server', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.end('data');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fra.traineddata.gz`;
    // The OCR worker script, then a fetch from inside the same thread, as the engine would make it.
    const probe = new Worker(
      `require(${JSON.stringify(WORKER_SCRIPT)});
       globalThis.fetch(${JSON.stringify(url)}).then(() => 'fetched', (e) => e.message).then((m) => require('node:worker_threads').parentPort.postMessage(m));`,
      { eval: true },
    );
    const message = await new Promise((resolve) => probe.once('message', resolve));
    await probe.terminate();
    await new Promise((resolve) => server.close(resolve));
    expect(message).toBe('network access is disabled in OCR workers');
    expect(hits).toBe(0);
  });

  it('reads a generated header with fetch throwing in the main thread too', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new Error('no network in this test'));
    const pool = new TesseractPool({ workers: 1 });
    try {
      const student = { lastName: 'Lemaire', firstName: 'Hugo', birthDate: '2010-11-02' };
      const crop = await generateHeaderImage({ student, seed: 3 });
      // The form's comb rows one line each, and the whole crop as a page (headers without a form).
      for (const header of [await prepareHeader(crop), { kind: 'page' as const, page: await prepareHeaderImage(crop) }]) {
        const { text, confidence } = await recogniseHeader(pool, header);
        expect(text).toMatch(/NOM\s*:\s*LEMAIRE\s*\n/);
        expect(text).toMatch(/PR[ÉE]NOM\s*:\s*Hugo\s*\n/);
        expect(text).toMatch(/02.11.2010/);
        expect(confidence).toBeGreaterThan(0.5);
      }
    } finally {
      await pool.stop();
      globalThis.fetch = realFetch;
    }
  });
});
