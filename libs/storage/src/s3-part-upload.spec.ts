import { type Client } from 'minio';
import { Readable } from 'node:stream';
import { MIN_PART_SIZE, uploadInParts } from './s3-part-upload';

/** Records what the adapter asks of S3, standing in for the minio client. */
function fakeClient(options: { failPart?: number; dropPart?: { number: number; times: number; code: string } } = {}) {
  const calls: string[] = [];
  const partSizes: number[] = [];
  const client = {
    putObject: (_b: string, _k: string, data: Buffer) => {
      calls.push(`put:${data.length}`);
      return Promise.resolve({ etag: 'single', versionId: null });
    },
    initiateNewMultipartUpload: () => {
      calls.push('initiate');
      return Promise.resolve('upload-1');
    },
    uploadPart: (config: { partNumber: number }, data: Buffer) => {
      if (config.partNumber === options.failPart) return Promise.reject(new Error('part refused'));
      const drop = options.dropPart;
      if (drop && config.partNumber === drop.number && drop.times > 0) {
        drop.times -= 1;
        calls.push(`dropped:${config.partNumber}`);
        return Promise.reject(Object.assign(new Error('connection dropped'), { code: drop.code }));
      }
      calls.push(`part:${config.partNumber}`);
      partSizes.push(data.length);
      return Promise.resolve({ etag: `e${config.partNumber}`, key: 'k', part: config.partNumber });
    },
    completeMultipartUpload: (_b: string, _k: string, _id: string, etags: { part: number; etag: string }[]) => {
      calls.push(`complete:${etags.map((e) => e.etag).join(',')}`);
      return Promise.resolve({ etag: 'multi', versionId: null });
    },
    abortMultipartUpload: () => {
      calls.push('abort');
      return Promise.resolve();
    },
  };
  return { client: client as unknown as Client, calls, partSizes };
}

const chunks = (count: number, size = 1024 * 1024): Readable =>
  Readable.from(Array.from({ length: count }, (_, i) => Buffer.alloc(size, i)));
const target = (client: Client, expectedSize?: number) =>
  ({ client, bucket: 'b', key: 'k', headers: {}, partSize: MIN_PART_SIZE, expectedSize, retryDelaysMs: [1, 1] });

describe('uploadInParts', () => {
  it('sends a body smaller than a part in one PUT', async () => {
    const fake = fakeClient();
    await expect(uploadInParts(target(fake.client), chunks(3))).resolves.toEqual({ size: 3 * 1024 * 1024, etag: 'single' });
    expect(fake.calls).toEqual([`put:${3 * 1024 * 1024}`]);
  });

  it('sends a larger body as numbered parts of at least 5 MiB, the last one shorter, then completes', async () => {
    const fake = fakeClient();
    const result = await uploadInParts(target(fake.client), chunks(12));
    expect(result).toEqual({ size: 12 * 1024 * 1024, etag: 'multi' });
    expect(fake.calls).toEqual(['initiate', 'part:1', 'part:2', 'part:3', 'complete:e1,e2,e3']);
    expect(fake.partSizes).toEqual([5 * 1024 * 1024, 5 * 1024 * 1024, 2 * 1024 * 1024]);
  });

  it('aborts the multipart upload when a part fails, and never completes it', async () => {
    const fake = fakeClient({ failPart: 2 });
    await expect(uploadInParts(target(fake.client), chunks(12))).rejects.toThrow('part refused');
    expect(fake.calls).toEqual(['initiate', 'part:1', 'abort']);
  });

  it('sends a part again after a dropped connection, and the upload completes with every part once', async () => {
    const fake = fakeClient({ dropPart: { number: 2, times: 2, code: 'ECONNRESET' } });
    await expect(uploadInParts(target(fake.client), chunks(12))).resolves.toEqual({ size: 12 * 1024 * 1024, etag: 'multi' });
    expect(fake.calls).toEqual(['initiate', 'part:1', 'dropped:2', 'dropped:2', 'part:2', 'part:3', 'complete:e1,e2,e3']);
  });

  it('gives up and aborts when a part keeps failing on transient errors past its retries', async () => {
    const fake = fakeClient({ dropPart: { number: 1, times: 3, code: 'SlowDown' } });
    await expect(uploadInParts(target(fake.client), chunks(12))).rejects.toMatchObject({ code: 'SlowDown' });
    expect(fake.calls).toEqual(['initiate', 'dropped:1', 'dropped:1', 'dropped:1', 'abort']);
  });

  it('aborts when the stream fails half-way', async () => {
    const fake = fakeClient();
    async function* failing(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 7; i += 1) yield Buffer.alloc(1024 * 1024);
      throw new Error('client went away');
    }
    await expect(uploadInParts(target(fake.client), Readable.from(failing()))).rejects.toThrow('client went away');
    expect(fake.calls).toEqual(['initiate', 'part:1', 'abort']);
  });

  it('refuses a body longer than announced as soon as it overflows, and aborts', async () => {
    const fake = fakeClient();
    await expect(uploadInParts(target(fake.client, 4 * 1024 * 1024), chunks(12))).rejects.toMatchObject({ code: 'validation_failed' });
    expect(fake.calls).toEqual(['initiate', 'abort']);
  });
});
