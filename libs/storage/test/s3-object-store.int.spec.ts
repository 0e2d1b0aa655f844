import S3rver from '@20minutes/s3rver';
import { uniqueName } from '@gradeline/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { S3ObjectStore, type S3ObjectStoreOptions } from '../src';
import { describeObjectStoreContract, type ObjectStoreHarness } from './object-store.contract';
import { installS3rverDesShim } from './s3rver-des-shim';

// The root jest run ignores a project's testTimeout; the 64 MiB and 1003-object cases need more than 5 s on a busy machine.
jest.setTimeout(120_000);

/**
 * Against an in-process S3 (the @20minutes fork of s3rver: unlike s3rver 3.x it verifies AWS
 * Signature V4, so a forged presigned URL is really refused). Credentials are s3rver's built-in pair.
 */
async function startS3(): Promise<{ options: S3ObjectStoreOptions; stop(): Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'gl-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const options: S3ObjectStoreOptions = {
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    bucket: uniqueName('gl-test-'),
    region: 'us-east-1',
    partSizeBytes: 5 * 1024 * 1024,
  };
  return {
    options,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function s3Harness(): Promise<ObjectStoreHarness> {
  const s3 = await startS3();
  const store = new S3ObjectStore(s3.options);
  await store.ensureBucket();
  return {
    store,
    async fetchSigned(url, headers = {}) {
      const answer = await fetch(url, { headers });
      return { status: answer.status, headers: Object.fromEntries(answer.headers), body: Buffer.from(await answer.arrayBuffer()) };
    },
    storeSigningInThePast: (seconds) => new S3ObjectStore({ ...s3.options, clock: () => new Date(Date.now() - seconds * 1000) }),
    tamper(url, otherKey) {
      const repointed = new URL(url);
      repointed.pathname = `/${s3.options.bucket}/${otherKey}`;
      const resigned = new URL(url);
      const signature = resigned.searchParams.get('X-Amz-Signature')!;
      resigned.searchParams.set('X-Amz-Signature', (signature[0] === '0' ? '1' : '0') + signature.slice(1));
      const longer = new URL(url);
      longer.searchParams.set('X-Amz-Expires', '604800');
      return [repointed.toString(), resigned.toString(), longer.toString()];
    },
    close: () => s3.stop(),
  };
}

let removeDesShim: () => void;
beforeAll(() => {
  removeDesShim = installS3rverDesShim();
});
afterAll(() => removeDesShim());

describeObjectStoreContract('S3 (in-process s3rver)', s3Harness);

describe('S3ObjectStore specifics', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(() => s3.stop());

  it('is not ready until its bucket exists, and ensureBucket creates it once', async () => {
    const store = new S3ObjectStore(s3.options);
    await expect(store.check()).rejects.toMatchObject({ code: 'service_unavailable' });
    await store.ensureBucket();
    await store.ensureBucket();
    await expect(store.check()).resolves.toBeUndefined();
  });

  it('is not ready when the server does not answer', async () => {
    const store = new S3ObjectStore({ ...s3.options, port: 1 });
    await expect(store.check()).rejects.toMatchObject({ code: 'service_unavailable' });
  });

  // s3rver does not implement AbortMultipartUpload; that the adapter calls it is checked in s3-part-upload.spec.ts.
  it("leaves no object when a multipart upload's stream fails half-way", async () => {
    const store = new S3ObjectStore(s3.options);
    await store.ensureBucket();
    async function* failing(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 12; i += 1) yield Buffer.alloc(1024 * 1024, i);
      throw new Error('upload connection lost');
    }
    await expect(store.put('aborted/scan.pdf', Readable.from(failing()))).rejects.toThrow('upload connection lost');
    expect(await store.head('aborted/scan.pdf')).toBeNull();
  });

  it('signs read URLs for the public endpoint when one is set, and the server accepts them there', async () => {
    // "localhost" stands for the public name, "127.0.0.1" for the in-cluster one: the same server.
    const store = new S3ObjectStore({ ...s3.options, publicEndpoint: { endPoint: 'localhost', port: s3.options.port, useSSL: false } });
    await store.ensureBucket();
    await store.put('public/page.jpg', Buffer.from('page bytes'), { contentType: 'image/jpeg' });
    const url = new URL(await store.signedReadUrl('public/page.jpg', { expiresInSeconds: 60 }));
    expect(url.host).toBe(`localhost:${s3.options.port}`);
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).toString()).toBe('page bytes');
    // Signed for the public host: the same query sent to the internal address does not verify.
    url.host = `127.0.0.1:${s3.options.port}`;
    expect((await fetch(url)).status).toBe(403);
  });

  it('is refused by the server when its secret key is wrong (requests really are signed)', async () => {
    const store = new S3ObjectStore({ ...s3.options, secretKey: 'not-the-secret' });
    await expect(store.put('any/key', Buffer.from('x'))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
