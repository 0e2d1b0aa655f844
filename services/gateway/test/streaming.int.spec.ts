import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { startFakeService, type FakeService } from './support/upstream';
import { startTestGateway, type TestGateway } from './support/gateway';

const MiB = 1024 * 1024;
const UPLOAD = 200 * MiB;
const LIMIT = 64 * MiB;

interface Received {
  bytes: number;
  sha256: string;
  aborted: boolean;
}

/** Deterministic bytes, generated as they are sent: nothing of the upload is ever held whole. */
function uploadStream(total: number, onProgress: (sent: number) => Promise<void>): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(MiB, 7);
  return Readable.from(
    (async function* () {
      while (sent < total) {
        await onProgress(sent);
        const piece = chunk.subarray(0, Math.min(MiB, total - sent));
        sent += piece.length;
        yield piece;
      }
    })(),
  );
}

function expectedHash(total: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(MiB, 7);
  for (let left = total; left > 0; left -= MiB) hash.update(chunk.subarray(0, Math.min(MiB, left)));
  return hash.digest('hex');
}

/** A chunked POST with the client's own body stream; resolves with the status once answered. */
function post(url: string, headers: Record<string, string>, body: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/pdf' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    request.on('error', reject);
    body.on('error', () => request.destroy()).pipe(request);
  });
}

// Uploads are streamed through: the service starts receiving before the client has finished
// sending (a buffering gateway would deadlock this test), every byte arrives, and an upload over
// the limit is cut off mid-stream.
describe('gateway upload streaming', () => {
  let gateway: TestGateway;
  let ingestion: FakeService;
  let received: Promise<Received>;
  let firstByte: () => void = () => undefined;
  let firstByteSeen: Promise<void>;
  const tenantId = randomUUID();

  const expectUpload = () => {
    firstByteSeen = new Promise((resolve) => (firstByte = resolve));
    received = new Promise((resolve) => (receivedResolve = resolve));
  };
  let receivedResolve: (r: Received) => void = () => undefined;

  beforeAll(async () => {
    ingestion = await startFakeService('ingestion', (app) => {
      app.post('/exams/:id/batches', async (request, reply) => {
        const hash = createHash('sha256');
        let bytes = 0;
        let aborted = false;
        firstByte();
        try {
          for await (const chunk of request.raw) {
            bytes += (chunk as Buffer).length;
            hash.update(chunk as Buffer);
          }
        } catch {
          aborted = true;
        }
        aborted ||= request.raw.readableAborted;
        receivedResolve({ bytes, sha256: hash.digest('hex'), aborted });
        return reply.code(201).send({ bytes });
      });
    });
    gateway = await startTestGateway({ INGESTION_URL: ingestion.url, UPLOAD_MAX_BYTES: String(LIMIT * 4) });
  });
  afterAll(async () => {
    await gateway.close();
    await ingestion.close();
  });

  it('passes a 200 MB upload through while it is still being sent, every byte intact', async () => {
    expectUpload();
    const auth = await gateway.as({ role: 'teacher', tenantId });
    // Past 8 MiB the client waits until the service has started receiving.
    const body = uploadStream(UPLOAD, async (sent) => {
      if (sent === 8 * MiB) await withDeadline(firstByteSeen, 10_000, 'the service received nothing while the client was still sending');
    });
    const status = await post(`${gateway.url}/api/v1/exams/e1/batches`, auth, body);
    expect(status).toBe(201);
    const got = await received;
    expect(got).toEqual({ bytes: UPLOAD, sha256: expectedHash(UPLOAD), aborted: false });
    // No memory check here: the test, the client and both servers share one jest process whose RSS
    // moves with every earlier test file (it failed a CI run at +203 MiB with nothing buffered).
    // Streaming is proven above: the service had bytes before the client sent its 9th MiB.
  });

  it('refuses a declared body over the limit with 413 before forwarding anything', async () => {
    const auth = await gateway.as({ role: 'teacher', tenantId });
    ingestion.seen.length = 0;
    const res = await fetch(`${gateway.url}/api/v1/exams/e1/batches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/pdf', 'content-length': String(LIMIT * 4 + 1) },
      body: Buffer.alloc(10),
      duplex: 'half',
    } as RequestInit).catch(() => null);
    // The gateway answers at once and closes; the client may see the answer or a reset.
    if (res) expect(res.status).toBe(413);
    expect(ingestion.seen).toHaveLength(0);
  });

  it('cuts a chunked upload off at the limit: 413 for the client, an aborted request for the service', async () => {
    expectUpload();
    const auth = await gateway.as({ role: 'teacher', tenantId });
    // The gateway answers 413 and closes while the client is still sending: it may see either.
    const status = await post(`${gateway.url}/api/v1/exams/e1/batches`, auth, uploadStream(LIMIT * 4 + 8 * MiB, async () => undefined)).catch(() => 'reset');
    expect([413, 'reset']).toContain(status);
    const got = await received;
    expect(got.aborted).toBe(true);
    expect(got.bytes).toBeLessThanOrEqual(LIMIT * 4);
  });

  it('applies the JSON limit (not the upload one) to other routes', async () => {
    const auth = await gateway.as({ role: 'teacher', tenantId });
    const res = await fetch(`${gateway.url}/api/v1/batches/b1/review`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: Buffer.alloc(2 * MiB, 32),
    }).catch(() => null);
    if (res) expect(res.status).toBe(413);
    expect(ingestion.seen.some((s) => s.url === '/batches/b1/review')).toBe(false);
  });
});

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
