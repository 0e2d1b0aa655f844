import { randomUUID } from 'node:crypto';
import { type AuditPage } from '@gradeline/contracts';
import { eventually } from '@gradeline/runtime/testing';
import { Batch } from '../src/modules/batches/batch.entity';
import { Copy } from '../src/modules/copies/copy.entity';
import { Page } from '../src/modules/pages/page.entity';
import { ReviewItem } from '../src/modules/review/review-item.entity';
import { IngestionTask } from '../src/modules/tasks/task.entity';
import { publishExam, startIngestion, uploadAndProcess, type IngestionTest } from './support/ingestion';

jest.setTimeout(60_000);

describe('retention', () => {
  let ingestion: IngestionTest;
  const tenantId = randomUUID();

  beforeAll(async () => {
    ingestion = await startIngestion();
  });
  afterAll(() => ingestion.close());

  it("deletes an expired exam's batches, pages, copies, review items and objects, and nothing of other exams", async () => {
    const { svc } = ingestion;
    const staff = await svc.as({ role: 'teacher', tenantId });
    const { pdf } = await ingestion.scans.generate({ copies: [{ student: null }], pagesPerCopy: 3, seed: 91, dpi: 150 });
    const expired = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const kept = await publishExam(svc, tenantId, { pagesPerCopy: 2 });
    const gone = await uploadAndProcess(svc, staff, expired, pdf);
    const stays = await uploadAndProcess(svc, staff, kept, pdf);
    const objects = async (batchId: string) => {
      let n = 0;
      for await (const _ of svc.deps.store.list(`${tenantId}/ingestion/${batchId}/`)) n++;
      return n;
    };
    const rows = async (batchId: string) => {
      const em = svc.deps.orm.em.fork();
      return Promise.all([
        em.count(Batch, { id: batchId }),
        em.count(Page, { batchId }),
        em.count(Copy, { batchId }),
        em.count(ReviewItem, { batchId }),
        em.count(IngestionTask, { batchId }),
      ]);
    };
    const keptBefore = [await rows(stays.id), await objects(stays.id)];
    // source, 3 pages, 1 header crop, 1 thumbnail of the remainder page
    expect(await objects(gone.id)).toBe(6);

    // A second school's purge of the same exam id must not touch this school's data.
    await svc.publish('export.retention.purged.v1', randomUUID(), { examIds: [expired], copies: 0, objects: 0 });
    await svc.publish('export.retention.purged.v1', tenantId, { examIds: [expired], copies: 1, objects: 2 });
    await eventually('the purge applied', async () => (await rows(gone.id))[0] === 0);

    expect(await rows(gone.id)).toEqual([0, 0, 0, 0, 0]);
    expect(await objects(gone.id)).toBe(0);
    expect([await rows(stays.id), await objects(stays.id)]).toEqual(keptBefore);
    const admin = await svc.as({ role: 'admin', tenantId });
    const audit = (await svc.app.inject({ url: '/admin/audit?action=retention.purged', headers: admin })).json<AuditPage>();
    expect(audit.items).toEqual([
      expect.objectContaining({ actor: { kind: 'system', name: 'retention' }, subjectType: 'exam', subjectId: expired, details: expect.objectContaining({ batches: 1, objects: 6 }) }),
    ]);
  });
});
