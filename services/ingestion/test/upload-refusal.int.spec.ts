import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { postForAnswer } from '@gradeline/testing';
import { multipart, publishExam, startIngestion, type Headers, type IngestionTest } from './support/ingestion';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

// Over real sockets (inject holds whole bodies in memory and cannot show this): an upload refused
// before its file is read (an exam not open yet, an unknown exam, not a PDF) must leave the
// connection usable. Left unread, the rest of the body stalled in the socket: the client, or the
// gateway's pooled connection, waited for an answer that never came (an end-to-end run lost its
// upload step to it: "no answer within 60 s").
describe('uploads refused over HTTP keep-alive connections', () => {
  let ingestion: IngestionTest;
  let staff: Headers;
  let base: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion({ worker: false });
    staff = await ingestion.svc.as({ role: 'teacher', tenantId });
    await ingestion.svc.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(ingestion.svc.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agent.destroy();
    await ingestion.close();
  });

  /** POSTs on the one kept-alive socket; the answer's status and code, or how it failed. */
  const post = (path: string, body: { payload: Buffer; headers: Headers }) => postForAnswer(`${base}${path}`, agent, { ...staff, ...body.headers }, body.payload);

  it('answers every refusal and keeps reading the next requests on the same connection', async () => {
    const draft = await publishExam(ingestion.svc, tenantId, { status: 'draft' });
    const open = await publishExam(ingestion.svc, tenantId);
    const big = Buffer.alloc(4 * MiB, 0x41);
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      answers.push(await post(`/exams/${draft}/batches`, multipart(Buffer.concat([Buffer.from('%PDF-1.7\n'), big]))));
      answers.push(await post(`/exams/${randomUUID()}/batches`, multipart(big)));
      answers.push(await post(`/exams/${draft}/batches`, { payload: big, headers: { 'content-type': 'application/pdf' } }));
      answers.push(await post(`/exams/${open}/batches`, multipart(big)));
    }
    expect(answers).toEqual(Array.from({ length: 4 }, () => ['409 exam_not_open', '404 not_found', '409 exam_not_open', '415 upload_not_pdf']).flat());
  });
});
