import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FilesystemObjectStore } from '@gradeline/storage';
import sharp from 'sharp';
import { readObject } from '../../shared/read-object';
import { cutHeader, headerCutFrom } from './header-crop';

describe('header crops cut ahead of assembly', () => {
  let root: string;
  let store: FilesystemObjectStore;
  const copy = { id: 'c0a8f5e2-1d3b-4c5a-9e7f-2b4d6a8c0e1f', tenantId: 'b3e1c2d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e', batchId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
  const region = { x: 0.1, y: 0.05, width: 0.5, height: 0.1 };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-header-crop-'));
    store = new FilesystemObjectStore({ root, signing: { secret: 'x'.repeat(40), baseUrl: 'http://localhost/files' } });
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it('is taken only for the page it was cut from: a copy whose page 1 turned out to be another page is cut again', async () => {
    const image = await sharp({ create: { width: 400, height: 560, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const cut = await cutHeader(store, copy, 'page-a', image, region);
    expect(await headerCutFrom(store, copy, 'page-a')).toEqual(cut);
    expect(await headerCutFrom(store, copy, 'page-b')).toBeNull();
    expect(await headerCutFrom(store, { ...copy, id: 'd1b9f6e3-2e4c-4d6b-8f8a-3c5e7b9d1f2a' }, 'page-a')).toBeNull();
    expect(await sharp(await readObject(store, cut.key)).metadata()).toMatchObject({ width: 200, height: 56 });
  });
});
