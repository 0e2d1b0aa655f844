import { randomUUID } from 'node:crypto';
import { type BatchAccepted } from '@gradeline/contracts';
import { tenantGuardOf } from '@gradeline/pdf';
import { eventually } from '@gradeline/runtime/testing';
import { Batch } from '../src/modules/batches/batch.entity';
import { Page } from '../src/modules/pages/page.entity';
import { ReviewItem } from '../src/modules/review/review-item.entity';
import { publishedEvents, publishExam, startIngestion, upload, waitForBatch, type IngestionTest } from './support/ingestion';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process-handle';

jest.setTimeout(120_000);

const COPIES = 20;
const PAGES_PER_COPY = 2;

describe('a worker killed mid-batch', () => {
  let ingestion: IngestionTest;
  const workers: WorkerProcess[] = [];
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion({ worker: false });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await ingestion.close();
  });

  it('leaves the batch to another worker, which ends with every copy published exactly once and no page twice', async () => {
    const { svc } = ingestion;
    const staff = await svc.as({ role: 'teacher', tenantId });
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: PAGES_PER_COPY });
    const { pdf } = await ingestion.scans.generate({
      copies: Array.from({ length: COPIES }, () => ({ student: null })),
      pagesPerCopy: PAGES_PER_COPY,
      seed: 81,
      dpi: 150,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      shuffle: true,
    });
    // Short leases, so the dead worker's task is free again within seconds.
    const lease = { INGESTION_LEASE_MS: '2000' };
    workers.push(await startWorkerProcess(svc, { ...lease, INGESTION_CONCURRENCY: '1' }));
    const { batchId } = (await upload(svc, staff, examId, pdf)).json<BatchAccepted>();

    const done = async () => (await svc.deps.orm.em.fork().findOneOrFail(Batch, { id: batchId })).pagesDone;
    await eventually('some pages processed', async () => (await done()) >= 5, 60_000);
    await workers[0]!.kill();
    const doneAtKill = await done();
    expect(doneAtKill).toBeLessThan(COPIES * PAGES_PER_COPY);

    workers.push(await startWorkerProcess(svc, { ...lease, INGESTION_CONCURRENCY: '2' }));
    expect(await waitForBatch(svc, staff, batchId, 90_000)).toMatchObject({ status: 'completed', copies: COPIES, reviewItems: 0 });
    let events: Awaited<ReturnType<typeof publishedEvents<'ingestion.copy.assembled.v1'>>> = [];
    await eventually('every copy published', async () => {
      events = (await publishedEvents(svc, 'ingestion.copy.assembled.v1')).filter((e) => e.data.batchId === batchId);
      return events.length >= COPIES;
    });

    // Exactly one event per copy, each with every page; the slots are the copies printed.
    expect(events).toHaveLength(COPIES);
    expect(new Set(events.map((e) => e.data.copyId)).size).toBe(COPIES);
    expect(events.map((e) => e.data.sheet!.slot).sort((a, b) => a - b)).toEqual(Array.from({ length: COPIES }, (_, i) => i + 1));
    for (const { data } of events) expect(data).toMatchObject({ revision: 1, complete: true, pages: [{ number: 1 }, { number: 2 }] });
    expect(new Set(events.flatMap((e) => e.data.pages.map((p) => p.objectKey))).size).toBe(COPIES * PAGES_PER_COPY);

    // One row and one object per page, whoever processed it, however many times.
    const em = svc.deps.orm.em.fork();
    expect(await em.count(Page, { batchId })).toBe(COPIES * PAGES_PER_COPY);
    expect(await em.count(Page, { batchId, copyId: { $ne: null } })).toBe(COPIES * PAGES_PER_COPY);
    expect(await em.count(ReviewItem, { batchId })).toBe(0);
    let objects = 0;
    for await (const _ of svc.deps.store.list(`${tenantId}/ingestion/${batchId}/pages/`)) objects++;
    expect(objects).toBe(COPIES * PAGES_PER_COPY);
    const completed = (await publishedEvents(svc, 'ingestion.batch.completed.v1')).filter((e) => e.data.batchId === batchId);
    expect(completed.map((e) => e.data)).toEqual([{ batchId, examId, pages: COPIES * PAGES_PER_COPY, copies: COPIES, reviewItems: 0 }]);
  });
});
