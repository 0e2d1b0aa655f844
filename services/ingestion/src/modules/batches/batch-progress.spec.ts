import { type EntityManager } from '@gradeline/db';
import { type Outbox } from '@gradeline/messaging';
import { Batch, CODE_SAMPLE_PAGES } from './batch.entity';
import { countPage, pagesCounted, uncountPages, type BatchProgress, type PageOutcome } from './batch-progress';

/** The database and outbox of a page task, as fakes: statements run and events written are recorded. */
function fakes() {
  const statements: string[] = [];
  const events: Array<{ type: string; data: unknown }> = [];
  const em = { execute: (sql: string) => (statements.push(sql), Promise.resolve([])) } as unknown as EntityManager;
  const outbox = { record: (_em: unknown, event: { type: string; data: unknown }) => events.push(event) } as unknown as Outbox;
  return { em, outbox, statements, events };
}

const batchOf = (pagesTotal: number) =>
  Object.assign(new Batch(), { id: 'b1', tenantId: 't1', examId: 'e1', pagesTotal, correlationId: 'r1' });

/** One page recorded alone, as a page task's transaction does. */
async function recordPage(f: ReturnType<typeof fakes>, batch: BatchProgress, outcome: PageOutcome) {
  countPage(batch, outcome);
  await pagesCounted(f.em, f.outbox, batch);
}

async function run(batch: Batch, pages: Array<{ coded?: boolean; images?: number }>) {
  const f = fakes();
  for (const [scanIndex, p] of pages.entries()) {
    await recordPage(f, batch, { scanIndex, images: p.images ?? 1, coded: p.coded ?? false });
  }
  return f;
}

describe('batch progress of page tasks', () => {
  it('announces progress at most every 5%: 20 events for 100 pages, one per page for 3', async () => {
    const big = await run(batchOf(100), Array.from({ length: 100 }, () => ({})));
    expect(big.events.filter((e) => e.type === 'ingestion.batch.progressed.v1')).toHaveLength(20);
    const small = await run(batchOf(3), [{}, {}, {}]);
    expect(small.events.map((e) => e.data)).toEqual([1, 2, 3].map((pagesDone) => ({ batchId: 'b1', examId: 'e1', pagesTotal: 3, pagesDone })));
  });

  it('queues the assembly once, after the last page, and counts the images of A3 sheets', async () => {
    const batch = batchOf(3);
    const f = await run(batch, [{ images: 2 }, { images: 2 }]);
    expect(f.statements).toEqual([]);
    expect(batch.status).toBe('processing');
    await recordPage(f, batch, { scanIndex: 2, images: 2, coded: false });
    expect(f.statements.filter((sql) => sql.includes('insert into ingestion_task'))).toHaveLength(1);
    expect([batch.status, batch.images, batch.pagesDone]).toEqual(['assembling', 6, 3]);
  });

  it('learns from the first pages whether the sheets carry codes', async () => {
    const plain = batchOf(10);
    await run(plain, Array.from({ length: CODE_SAMPLE_PAGES }, () => ({})));
    expect(plain.codeMode).toBe('absent');
    const codedLater = batchOf(10);
    await run(codedLater, [{}, { coded: true }]);
    expect(codedLater.codeMode).toBe('present');
    const tiny = batchOf(1);
    await run(tiny, [{}]);
    expect(tiny.codeMode).toBe('absent');
  });

  it('waits for pages taken back to be processed again before the assembly', async () => {
    const batch = batchOf(4);
    const f = await run(batch, [{ coded: true }, {}, {}]);
    uncountPages(batch, { pages: 2, images: 2 });
    await recordPage(f, batch, { scanIndex: 3, images: 1, coded: true });
    expect([batch.status, batch.pagesDone, batch.images]).toEqual(['processing', 2, 2]);
    for (const scanIndex of [1, 2]) await recordPage(f, batch, { scanIndex, images: 1, coded: true });
    expect([batch.status, batch.pagesDone, batch.images]).toEqual(['assembling', 4, 4]);
    expect(f.statements.filter((sql) => sql.includes('insert into ingestion_task'))).toHaveLength(1);
  });
});
