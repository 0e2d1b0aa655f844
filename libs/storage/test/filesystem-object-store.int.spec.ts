import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FilesystemObjectStore, signedObjectRoutes } from '../src';
import { describeObjectStoreContract, type ObjectStoreHarness } from './object-store.contract';
import { collect } from './streams';
import { testServer } from './test-server';

// The root jest run ignores a project's testTimeout; the 64 MiB and 1003-object cases need more than 5 s on a busy machine.
jest.setTimeout(120_000);

const SECRET = 'test-signing-secret-0123456789abcdef';
const BASE_URL = 'https://gradeline.test/files';

async function filesystemHarness(): Promise<ObjectStoreHarness & { root: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-objects-'));
  const signing = { secret: SECRET, baseUrl: BASE_URL };
  const store = new FilesystemObjectStore({ root, signing });
  const app = testServer();
  await app.register(signedObjectRoutes, { store, secret: SECRET, prefix: '/files' });
  await app.ready();
  return {
    root,
    store,
    async fetchSigned(url, headers = {}) {
      const answer = await app.inject({ method: 'GET', url: new URL(url).pathname, headers });
      return { status: answer.statusCode, headers: answer.headers as Record<string, string>, body: answer.rawPayload };
    },
    storeSigningInThePast: (seconds) =>
      new FilesystemObjectStore({ root, signing, clock: () => new Date(Date.now() - seconds * 1000) }),
    tamper(url, otherKey) {
      const token = url.slice(BASE_URL.length + 1);
      const [payload, signature] = token.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const repointed = Buffer.from(JSON.stringify({ ...claims, k: otherKey })).toString('base64url');
      const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
      return [
        `${BASE_URL}/${repointed}.${signature}`,
        `${BASE_URL}/${payload}.${flipped}`,
        `${BASE_URL}/${payload}.${signature.slice(0, -2)}`,
        `${BASE_URL}/${payload}`,
      ];
    },
    async close() {
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

describeObjectStoreContract('filesystem', filesystemHarness);

describe('FilesystemObjectStore specifics', () => {
  let harness: Awaited<ReturnType<typeof filesystemHarness>>;
  beforeAll(async () => {
    harness = await filesystemHarness();
  });
  afterAll(() => harness.close());

  it('never shows half an object: a stream that fails mid-way leaves the old version and no debris', async () => {
    await harness.store.put('atomic/page', Buffer.from('complete old version'));
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1024, 1);
      throw new Error('scanner connection lost');
    }
    await expect(harness.store.put('atomic/page', Readable.from(failing()))).rejects.toThrow('scanner connection lost');
    expect((await collect(await harness.store.get('atomic/page'))).toString()).toBe('complete old version');
    expect(await readdir(path.join(harness.root, 'tmp'))).toEqual([]);
  });

  it('answers signed URLs as a private download: nosniff, length, etag, and 404 once the object is gone', async () => {
    await harness.store.put('served/page.jpg', Buffer.from('0123456789'), { contentType: 'image/jpeg' });
    const url = await harness.store.signedReadUrl('served/page.jpg', { expiresInSeconds: 60 });
    const answer = await harness.fetchSigned(url);
    expect(answer.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-length': '10',
      'cache-control': 'private, no-store',
    });
    expect(answer.headers['content-disposition']).toBeUndefined();
    await harness.store.delete('served/page.jpg');
    const gone = await harness.fetchSigned(url);
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a bad signature with problem+json code forbidden', async () => {
    const answer = await harness.fetchSigned(`${BASE_URL}/not-a-token`);
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(answer.body.toString())).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('serves a single byte range with 206 and Content-Range', async () => {
    await harness.store.put('served/range.bin', Buffer.from('0123456789'));
    const url = await harness.store.signedReadUrl('served/range.bin', { expiresInSeconds: 60 });
    const answer = await harness.fetchSigned(url, { range: 'bytes=2-5' });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe('bytes 2-5/10');
    expect(answer.body.toString()).toBe('2345');
    const suffix = await harness.fetchSigned(url, { range: 'bytes=-3' });
    expect(suffix.body.toString()).toBe('789');
    const unsatisfiable = await harness.fetchSigned(url, { range: 'bytes=20-30' });
    expect(unsatisfiable.status).toBe(200);
    expect(unsatisfiable.body.toString()).toBe('0123456789');
  });

  it('lists in the byte order of keys, as S3 does (`a-b` before `a/…`)', async () => {
    for (const key of ['order/a/z', 'order/a-b', 'order/a', 'order/B', 'order/é']) await harness.store.put(key, Buffer.from('o'));
    const keys: string[] = [];
    for await (const object of harness.store.list('order/')) keys.push(object.key);
    expect(keys).toEqual(['order/B', 'order/a', 'order/a-b', 'order/a/z', 'order/é']);
  });

  it('keeps an accented download name intact in the served Content-Disposition', async () => {
    await harness.store.put('served/accent.pdf', Buffer.from('%PDF'), { contentType: 'application/pdf' });
    const url = await harness.store.signedReadUrl('served/accent.pdf', { expiresInSeconds: 60, downloadName: 'Élève (2B).pdf' });
    const answer = await harness.fetchSigned(url);
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="_l_ve (2B).pdf"; filename*=UTF-8''%C3%89l%C3%A8ve%20%282B%29.pdf`,
    );
  });

  it('refuses a signing secret too short to resist guessing', () => {
    expect(() => new FilesystemObjectStore({ root: harness.root, signing: { secret: 'short', baseUrl: BASE_URL } })).toThrow(
      /at least 32/,
    );
  });
});
