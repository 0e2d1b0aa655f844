import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ObjectNotFoundError, type ObjectStore } from '../src';
import { collect, streamObservedForMemory } from './streams';

export interface SignedFetchResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** What each adapter's test file provides to the shared suite. */
export interface ObjectStoreHarness {
  store: ObjectStore;
  /** GETs a signed URL as a browser would (real HTTP, or fastify inject for the filesystem store). */
  fetchSigned(url: string, headers?: Record<string, string>): Promise<SignedFetchResponse>;
  /** The same store whose clock is `secondsAgo` behind, to mint URLs that have already expired. */
  storeSigningInThePast(secondsAgo: number): ObjectStore;
  /** Forgeries of `url`: pointed at `otherKey` with the old signature, or with an altered signature. */
  tamper(url: string, otherKey: string): string[];
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The behaviour every ObjectStore adapter must have; run once per adapter. */
export function describeObjectStoreContract(name: string, factory: () => Promise<ObjectStoreHarness>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let harness: ObjectStoreHarness;
    let store: ObjectStore;
    beforeAll(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterAll(() => harness?.close());

    it('stores a buffer and gives back the same bytes, size, type and metadata', async () => {
      const body = Buffer.from('%PDF-1.7 synthetic page');
      const put = await store.put('tenant-a/exam-1/page-1.pdf', body, {
        contentType: 'application/pdf',
        metadata: { 'page-count': '1' },
      });
      expect(put).toMatchObject({ key: 'tenant-a/exam-1/page-1.pdf', size: body.length, contentType: 'application/pdf' });
      expect(await collect(await store.get('tenant-a/exam-1/page-1.pdf'))).toEqual(body);
      const info = await store.head('tenant-a/exam-1/page-1.pdf');
      expect(info).toMatchObject({ size: body.length, contentType: 'application/pdf', metadata: { 'page-count': '1' } });
      expect(info?.lastModified).toBeInstanceOf(Date);
    });

    it('defaults the content type to application/octet-stream', async () => {
      await store.put('misc/blob', Buffer.from([1, 2, 3]));
      expect((await store.head('misc/blob'))?.contentType).toBe('application/octet-stream');
    });

    it('streams a 64 MiB upload of unknown size without holding it in memory', async () => {
      const size = 64 * MiB;
      const source = streamObservedForMemory(size);
      const put = await store.put('big/scan.pdf', source.stream, { contentType: 'application/pdf' });
      expect(put.size).toBe(size);
      // Holding the object whole would add at least 64 MiB. Streaming holds a chunk (filesystem) or
      // one 5 MiB part (S3); the in-process S3 server's own buffers count too (12-30 MiB seen).
      expect(source.peakGrowth()).toBeLessThan(size * 0.75);
      const stored = createHash('sha256');
      for await (const chunk of await store.get('big/scan.pdf')) stored.update(chunk as Buffer);
      expect(stored.digest('hex')).toBe(source.sha256());
    });

    it('accepts a stream whose announced size is right, and refuses one whose size is wrong without storing it', async () => {
      const body = Buffer.alloc(1000, 7);
      await expect(store.put('sized/ok', Readable.from([body]), { size: 1000 })).resolves.toMatchObject({ size: 1000 });
      await expect(store.put('sized/short', Readable.from([body]), { size: 1001 })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(store.put('sized/long', Readable.from([body]), { size: 999 })).rejects.toMatchObject({ code: 'validation_failed' });
      expect(await store.head('sized/short')).toBeNull();
      expect(await store.head('sized/long')).toBeNull();
    });

    it('reads byte ranges for random access, clipping an end past the object', async () => {
      const body = Buffer.from('0123456789abcdefghij');
      await store.put('ranges/object', body);
      expect((await collect(await store.getRange('ranges/object', 0, 2))).toString()).toBe('012');
      expect((await collect(await store.getRange('ranges/object', 3, 3))).toString()).toBe('3');
      expect((await collect(await store.getRange('ranges/object', 5, 9))).toString()).toBe('56789');
      expect((await collect(await store.getRange('ranges/object', 15, 1000))).toString()).toBe('fghij');
      await expect(store.getRange('ranges/object', 20, 25)).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(store.getRange('ranges/object', 5, 4)).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('says a missing object does not exist: get and getRange reject with ObjectNotFoundError, head gives null', async () => {
      await expect(store.get('missing/object')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getRange('missing/object', 0, 10)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.get('missing/object')).rejects.toMatchObject({ code: 'not_found', status: 404 });
      expect(await store.head('missing/object')).toBeNull();
    });

    it('replaces bytes and metadata together when a key is written again', async () => {
      await store.put('rewrite/page', Buffer.from('first version'), { contentType: 'text/plain', metadata: { v: '1' } });
      await store.put('rewrite/page', Buffer.from('second'), { contentType: 'image/jpeg', metadata: { v: '2' } });
      expect((await collect(await store.get('rewrite/page'))).toString()).toBe('second');
      expect(await store.head('rewrite/page')).toMatchObject({ size: 6, contentType: 'image/jpeg', metadata: { v: '2' } });
    });

    it('deletes an object, and deleting it again (or a missing one) succeeds', async () => {
      await store.put('deleting/page', Buffer.from('x'));
      await store.delete('deleting/page');
      expect(await store.head('deleting/page')).toBeNull();
      await expect(store.delete('deleting/page')).resolves.toBeUndefined();
      await expect(store.get('deleting/page')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    // Key order itself is checked per adapter: s3rver orders by directory walk, unlike S3.
    it('lists what is under a prefix, a prefix matching mid-segment as in S3', async () => {
      const keys = ['list/1/a', 'list/10/b', 'list/1-x', 'list/2/c', 'list/1/b/deep'];
      for (const key of keys) await store.put(key, Buffer.from(key));
      const listed = async (prefix: string): Promise<string[]> => {
        const out: string[] = [];
        for await (const object of store.list(prefix)) out.push(object.key);
        return out;
      };
      expect((await listed('list/1')).sort()).toEqual(['list/1-x', 'list/1/a', 'list/1/b/deep', 'list/10/b']);
      expect(await listed('list/1/')).toEqual(['list/1/a', 'list/1/b/deep']);
      expect(await listed('list/3')).toEqual([]);
      const [first] = await (async () => {
        const out = [];
        for await (const object of store.list('list/2/')) out.push(object);
        return out;
      })();
      expect(first).toMatchObject({ key: 'list/2/c', size: 8 });
    });

    it('lists and deletes more objects than one listing page (1000) holds', async () => {
      const keys = Array.from({ length: 1003 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
      for (let i = 0; i < keys.length; i += 25) {
        await Promise.all(keys.slice(i, i + 25).map((key) => store.put(key, Buffer.from('p'))));
      }
      await store.put('many-neighbour/keep', Buffer.from('k'));
      const seen: string[] = [];
      for await (const object of store.list('many/')) seen.push(object.key);
      expect(seen).toEqual(keys);
      expect(await store.deletePrefix('many/')).toBe(1003);
      expect(await store.head('many/0500')).toBeNull();
      expect(await store.head('many-neighbour/keep')).not.toBeNull();
    });

    it('deletes only what is under a prefix, and says how many', async () => {
      await store.put('prefix/exam-1/a', Buffer.from('a'));
      await store.put('prefix/exam-1/b/c', Buffer.from('c'));
      await store.put('prefix/exam-2/a', Buffer.from('a'));
      expect(await store.deletePrefix('prefix/exam-1/')).toBe(2);
      expect(await store.head('prefix/exam-1/a')).toBeNull();
      expect(await store.head('prefix/exam-2/a')).not.toBeNull();
      expect(await store.deletePrefix('prefix/exam-1/')).toBe(0);
    });

    it('refuses keys that could escape or confuse the store, before any I/O', async () => {
      const bad = ['', '/abs', 'a//b', 'a/../b', '..', 'a/./b', 'trailing/', 'tab\there', 'nul\u0000', 'back\\slash', 'x'.repeat(1025)];
      for (const key of bad) {
        await expect(store.put(key, Buffer.from('x'))).rejects.toMatchObject({ code: 'validation_failed' });
        await expect(store.get(key)).rejects.toMatchObject({ code: 'validation_failed' });
        await expect(store.head(key)).rejects.toMatchObject({ code: 'validation_failed' });
        await expect(store.delete(key)).rejects.toMatchObject({ code: 'validation_failed' });
      }
      await expect(store.deletePrefix('')).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(store.deletePrefix('../')).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('keeps keys with spaces and accents intact', async () => {
      const key = 'exports/Élève Dupont-Martin (2B)/copie n°1.pdf';
      await store.put(key, Buffer.from('accented'));
      expect((await collect(await store.get(key))).toString()).toBe('accented');
      const listed = [];
      for await (const object of store.list('exports/')) listed.push(object.key);
      expect(listed).toEqual([key]);
    });

    describe('signed read URLs', () => {
      const page = Buffer.from('synthetic JPEG bytes of a page image');
      beforeAll(async () => {
        await store.put('signed/page.jpg', page, { contentType: 'image/jpeg' });
        await store.put('signed/other.jpg', Buffer.from('another pupil'), { contentType: 'image/jpeg' });
      });

      it('serves the object with its content type before expiry, never cacheable by shared caches', async () => {
        const url = await store.signedReadUrl('signed/page.jpg', { expiresInSeconds: 300 });
        const answer = await harness.fetchSigned(url);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual(page);
        expect(answer.headers['content-type']).toBe('image/jpeg');
        expect(answer.headers['cache-control']).toBe('private, no-store');
      });

      it('names the download and overrides the type when asked', async () => {
        const url = await store.signedReadUrl('signed/page.jpg', {
          expiresInSeconds: 300,
          downloadName: 'copie 2B-17.jpg',
          contentType: 'application/octet-stream',
        });
        const answer = await harness.fetchSigned(url);
        expect(answer.status).toBe(200);
        expect(answer.headers['content-type']).toBe('application/octet-stream');
        expect(answer.headers['content-disposition']).toBe('attachment; filename="copie 2B-17.jpg"');
      });

      it('refuses a URL whose lifetime has passed', async () => {
        const past = harness.storeSigningInThePast(3600);
        const url = await past.signedReadUrl('signed/page.jpg', { expiresInSeconds: 60 });
        const answer = await harness.fetchSigned(url);
        expect(answer.status).toBe(403);
        expect(answer.body.includes(page)).toBe(false);
      });

      it('refuses a tampered URL: another key under the same signature, or an altered signature', async () => {
        const url = await store.signedReadUrl('signed/page.jpg', { expiresInSeconds: 300 });
        const forgeries = harness.tamper(url, 'signed/other.jpg');
        expect(forgeries.length).toBeGreaterThan(1);
        for (const forged of forgeries) {
          const answer = await harness.fetchSigned(forged);
          expect(answer.status).toBe(403);
          expect(answer.body.toString()).not.toContain('another pupil');
        }
      });

      it('refuses to sign for longer than seven days or less than a second', async () => {
        await expect(store.signedReadUrl('signed/page.jpg', { expiresInSeconds: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
        await expect(store.signedReadUrl('signed/page.jpg', { expiresInSeconds: 8 * 24 * 3600 })).rejects.toMatchObject({
          code: 'validation_failed',
        });
      });
    });

    it('reports itself ready', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });

    it('keeps the bytes of a buffer it was given exactly (binary safe)', async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await store.put('binary/all-bytes', bytes);
      expect(sha256(await collect(await store.get('binary/all-bytes')))).toBe(sha256(bytes));
    });
  });
}
