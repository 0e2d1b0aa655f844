import { randomUUID } from 'node:crypto';
import { type BatchAccepted } from '@gradeline/contracts';
import { tenantGuardOf } from '@gradeline/pdf';
import { Page } from '../src/modules/pages/page.entity';
import { InlinePageProcessor } from '../src/modules/pages/page-processor';
import { PageTaskService } from '../src/modules/pages/page-task.service';
import { taskQueue, type ClaimedTask } from '../src/modules/tasks/task.repository';
import { Batch } from '../src/modules/batches/batch.entity';
import { publishExam, startIngestion, upload, type Headers, type IngestionTest, type IngestionTestService } from './support/ingestion';

jest.setTimeout(60_000);

// Page tasks driven one by one, in an order a busy worker pool can produce: pages after the
// batch's first three start before those tell whether the sheets carry codes.
describe('pages started before the batch is known to carry codes', () => {
  let ingestion: IngestionTest;
  let svc: IngestionTestService;
  let staff: Headers;
  let pageTasks: PageTaskService;
  let processor: InlinePageProcessor;
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion({ worker: false });
    svc = ingestion.svc;
    staff = await svc.as({ role: 'teacher', tenantId });
    processor = new InlinePageProcessor(svc.deps.store);
    pageTasks = new PageTaskService({ orm: svc.deps.orm, store: svc.deps.store, outbox: svc.deps.outbox, processor });
  });
  afterAll(async () => {
    await processor.close();
    await ingestion.close();
  });

  const claim = async (): Promise<ClaimedTask> => (await taskQueue.claim(svc.deps.orm.em.fork(), 'test-worker', 60_000))!;
  const pagesOf = (batchId: string) => svc.deps.orm.em.fork().find(Page, { batchId }, { orderBy: { scanIndex: 'asc' } });
  const batchOf = (batchId: string) => svc.deps.orm.em.fork().findOneOrFail(Batch, { id: batchId });

  it('look only at the top-right corner, and are searched again in full when the batch turns out coded', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    // Three coded copies; the last two sheets were fed upside down: their codes are bottom left.
    const { pdf } = await ingestion.scans.generate({
      copies: [{ student: null }, { student: null }, { student: null }],
      pagesPerCopy: 2,
      seed: 61,
      dpi: 150,
      qr: { tenantGuard: tenantGuardOf(tenantId), examId },
      upsideDownPages: [4, 5],
    });
    const { batchId } = (await upload(svc, staff, examId, pdf)).json<BatchAccepted>();
    const tasks = [];
    for (let i = 0; i < 6; i++) tasks.push(await claim());
    expect(tasks.map((t) => [t.scanIndex, t.batch?.codeMode])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, 'unknown']));

    // Pages 3-5 finish first, searched quickly: 3 shows its code, 4 and 5 none.
    for (const task of tasks.slice(3)) await pageTasks.run(task);
    // The batch was known to carry codes once page 3 was recorded: 4 and 5 were taken back at once.
    expect((await pagesOf(batchId)).map((p) => [p.scanIndex, p.codeSearch, p.codeStatus])).toEqual([[3, 'quick', 'valid']]);
    expect(await batchOf(batchId)).toMatchObject({ codeMode: 'present', pagesDone: 1, images: 1 });
    const again = [await claim(), await claim()];
    expect(again.map((t) => [t.scanIndex, t.batch?.codeMode, t.attempts])).toEqual([
      [4, 'present', 1],
      [5, 'present', 1],
    ]);
    expect(await taskQueue.claim(svc.deps.orm.em.fork(), 'test-worker', 60_000)).toBeNull();

    for (const task of [...tasks.slice(0, 3), ...again]) await pageTasks.run(task);
    const pages = await pagesOf(batchId);
    expect(pages.map((p) => [p.scanIndex, p.codeSearch, p.codeStatus, p.codeSlot, p.codePage, p.turned])).toEqual([
      [0, 'full', 'valid', 1, 1, 0],
      [1, 'full', 'valid', 1, 2, 0],
      [2, 'full', 'valid', 2, 1, 0],
      [3, 'quick', 'valid', 2, 2, 0],
      [4, 'full', 'valid', 3, 1, 180],
      [5, 'full', 'valid', 3, 2, 180],
    ]);
    expect(await batchOf(batchId)).toMatchObject({ status: 'assembling', codeMode: 'present', pagesDone: 6, images: 6 });
    expect(await claim()).toMatchObject({ kind: 'assemble', batchId });
  });

  it('keep what they found when the first pages show the batch carries no codes', async () => {
    const examId = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const { pdf } = await ingestion.scans.generate({ copies: [{ student: null }, { student: null }], pagesPerCopy: 2, seed: 62, dpi: 150, upsideDownPages: [3] });
    const { batchId } = (await upload(svc, staff, examId, pdf)).json<BatchAccepted>();
    const tasks = [];
    for (let i = 0; i < 4; i++) tasks.push(await claim());
    await pageTasks.run(tasks[3]!);
    for (const task of tasks.slice(0, 3)) await pageTasks.run(task);
    expect((await pagesOf(batchId)).map((p) => [p.scanIndex, p.codeSearch, p.codeStatus, p.turned])).toEqual([
      [0, 'full', 'none', 0],
      [1, 'full', 'none', 0],
      [2, 'full', 'none', 0],
      [3, 'quick', 'none', 180],
    ]);
    expect(await batchOf(batchId)).toMatchObject({ status: 'assembling', codeMode: 'absent', pagesDone: 4 });
    expect(await claim()).toMatchObject({ kind: 'assemble', batchId });
  });
});
