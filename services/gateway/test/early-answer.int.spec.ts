import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { PassThrough } from 'node:stream';
import { postForAnswer } from '@gradeline/testing';
import { startFakeService, type FakeService } from './support/upstream';
import { startTestGateway, type TestGateway } from './support/gateway';

const MiB = 1024 * 1024;

// A service may answer an upload before reading it (an exam that is not open, a file refused at
// its first bytes) and stop reading. The client must still get that answer, and its kept-alive
// connection to the gateway must keep working for the next request.
describe('an upstream that answers before reading the whole body', () => {
  let gateway: TestGateway;
  let ingestion: FakeService;
  const tenantId = randomUUID();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    ingestion = await startFakeService('ingestion', (app) => {
      app.post('/exams/:id/batches', async (request, reply) => {
        // Takes the body into a stream nobody reads: after its buffer fills, nothing more is read.
        request.raw.pipe(new PassThrough({ highWaterMark: 16 * 1024 }));
        return reply.code(409).send({ code: 'exam_not_open' });
      });
    });
    gateway = await startTestGateway({ INGESTION_URL: ingestion.url });
  });
  afterAll(async () => {
    agent.destroy();
    await gateway.close();
    // The gateway's connections to it were left mid-request (undici keeps them open after the abort
    // until the service's request timeout): close them here rather than wait.
    ingestion.app.server.closeAllConnections();
    await ingestion.close();
  });

  it("passes the service's answer on, request after request on one connection", async () => {
    const auth = await gateway.as({ role: 'teacher', tenantId });
    const answers: string[] = [];
    const url = `${gateway.url}/api/v1/exams/e1/batches`;
    for (let i = 0; i < 4; i++) answers.push(await postForAnswer(url, agent, { ...auth, 'content-type': 'application/pdf' }, Buffer.alloc(4 * MiB, 0x41)));
    expect(answers).toEqual(Array.from({ length: 4 }, () => '409 exam_not_open'));
  }, 60_000);
});
