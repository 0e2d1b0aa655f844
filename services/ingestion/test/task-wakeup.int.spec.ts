import { randomUUID } from 'node:crypto';
import { generateRoster } from '@gradeline/testing';
import { publishExam, startIngestion, uploadAndProcess, type Headers, type IngestionTest } from './support/ingestion';

jest.setTimeout(60_000);

// The worker replica (its own process) looks at the queue unprompted only every 10 minutes here:
// an upload taken by the API replica reaches it through the NOTIFY committed with the page tasks.
describe('idle workers wake when tasks are enqueued on another replica', () => {
  let ingestion: IngestionTest;
  let staff: Headers;
  const tenantId = randomUUID();
  const students = generateRoster({ count: 2, seed: 5 });

  beforeAll(async () => {
    ingestion = await startIngestion({ workerEnv: { INGESTION_POLL_MS: '600000' } });
    staff = await ingestion.svc.as({ role: 'teacher', tenantId });
  });
  afterAll(() => ingestion.close());

  it('processes each upload at once, not at the next poll', async () => {
    const examId = await publishExam(ingestion.svc, tenantId, { pagesPerCopy: 2 });
    for (const seed of [21, 22]) {
      const { pdf } = await ingestion.scans.generate({ copies: students.map((student) => ({ student })), pagesPerCopy: 2, seed, dpi: 150 });
      const batch = await uploadAndProcess(ingestion.svc, staff, examId, pdf, 30_000);
      expect(batch).toMatchObject({ status: 'completed', images: 4, copies: 2 });
    }
  });
});
