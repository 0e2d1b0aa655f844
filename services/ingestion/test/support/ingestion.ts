import { randomUUID } from 'node:crypto';
import {
  DEFAULT_HEADER_REGION,
  type BatchAccepted,
  type BatchView,
  type CopyAssembledV1,
  type Envelope,
  type EventType,
  type ExamStatus,
} from '@gradeline/contracts';
import { eventually, startTestService, type TestService } from '@gradeline/runtime/testing';
import { type Config } from '../../src/config';
import { ExamView } from '../../src/modules/exams/exam-view.entity';
import { service } from '../../src/service';
import { ScanGenerator } from './scan-generator';
import { startWorkerProcess, type WorkerProcess } from './worker-process-handle';

export type IngestionTestService = TestService<Config>;
export type Headers = Record<string, string>;

export interface IngestionTest {
  /** The replica the test talks to (HTTP through inject, relay, consumers); it runs no task loop. */
  svc: IngestionTestService;
  /** The replica that processes pages, in its own process; absent when the test starts its own. */
  worker: WorkerProcess | null;
  scans: ScanGenerator;
  close(): Promise<void>;
}

/**
 * Ingestion as deployed: an API replica (in the test) and a worker replica (a child process) on one
 * database, NATS namespace and object store, plus a scan generator.
 */
export async function startIngestion(
  options: { worker?: boolean; env?: Record<string, string>; workerEnv?: Record<string, string> } = {},
): Promise<IngestionTest> {
  const svc = await startTestService(service, { env: { INGESTION_CONCURRENCY: '0', ...options.env } });
  const [worker, scans] = await Promise.all([
    options.worker === false ? null : startWorkerProcess(svc, { INGESTION_CONCURRENCY: '2', ...options.workerEnv }),
    ScanGenerator.start(),
  ]);
  return {
    svc,
    worker,
    scans,
    close: async () => {
      await worker?.stop();
      await scans.close();
      await svc.close();
    },
  };
}

/** Publishes an exam as the exam service would, and waits until ingestion's read model has it. */
export async function publishExam(
  svc: IngestionTestService,
  tenantId: string,
  options: { examId?: string; pagesPerCopy?: number; status?: ExamStatus; type?: 'exam.exam.created.v1' | 'exam.exam.updated.v1' } = {},
): Promise<string> {
  const examId = options.examId ?? randomUUID();
  const status = options.status ?? 'open';
  await svc.publish(options.type ?? 'exam.exam.created.v1', tenantId, {
    examId,
    name: 'Contrôle de mathématiques',
    subject: 'Mathématiques',
    date: '2026-11-20',
    classNames: ['3B'],
    pagesPerCopy: options.pagesPerCopy ?? 4,
    headerRegion: DEFAULT_HEADER_REGION,
    correctorIds: [],
    leadTeacherIds: [],
    status,
    scaleTo: 20,
    coefficient: '1.0',
  });
  await eventually('the exam in the read model', async () => {
    const exam = await svc.deps.orm.em.fork().findOne(ExamView, { id: examId });
    return exam?.status === status;
  });
  return examId;
}

/** A multipart/form-data body with one file part. */
export function multipart(pdf: Buffer, options: { field?: string; fileName?: string } = {}): { payload: Buffer; headers: Headers } {
  const boundary = `----gradeline${randomUUID().replace(/-/g, '')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.fileName ?? 'lot.pdf'}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads a PDF as a multipart form (or as a raw application/pdf body). */
export async function upload(svc: IngestionTestService, auth: Headers, examId: string, pdf: Buffer, options: { raw?: boolean; force?: boolean } = {}) {
  const query = options.force ? '?force=true' : '';
  const body = options.raw ? { payload: pdf, headers: { 'content-type': 'application/pdf' } } : multipart(pdf);
  return svc.app.inject({ method: 'POST', url: `/exams/${examId}/batches${query}`, headers: { ...auth, ...body.headers }, payload: body.payload });
}

/** Uploads and waits for the batch to finish processing (completed or failed). */
export async function uploadAndProcess(svc: IngestionTestService, auth: Headers, examId: string, pdf: Buffer, timeoutMs = 60_000): Promise<BatchView> {
  const res = await upload(svc, auth, examId, pdf);
  if (res.statusCode !== 202) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
  return waitForBatch(svc, auth, res.json<BatchAccepted>().batchId, timeoutMs);
}

export async function waitForBatch(svc: IngestionTestService, auth: Headers, batchId: string, timeoutMs = 60_000): Promise<BatchView> {
  let view: BatchView | undefined;
  await eventually(
    `batch ${batchId} processed`,
    async () => {
      view = (await svc.app.inject({ url: `/batches/${batchId}`, headers: auth })).json<BatchView>();
      return view.status === 'completed' || view.status === 'failed';
    },
    timeoutMs,
  );
  return view!;
}

/** Every event of `type` published so far in the test's namespace (read from the stream). */
export async function publishedEvents<T extends EventType>(svc: IngestionTestService, type: T): Promise<Array<Envelope<T>>> {
  const { bus } = svc.deps;
  const stream = bus.streamOfType(type);
  const info = await bus.jsm.streams.info(stream);
  const events: Array<Envelope<T>> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await bus.jsm.streams.getMessage(stream, { seq });
    if (message?.subject === bus.subject(type)) events.push(message.json<Envelope<T>>());
  }
  return events;
}

/** The copies of a batch as published, latest revision of each. */
export async function assembledCopies(svc: IngestionTestService, batchId: string): Promise<CopyAssembledV1[]> {
  const latest = new Map<string, CopyAssembledV1>();
  for (const event of await publishedEvents(svc, 'ingestion.copy.assembled.v1')) {
    const copy = event.data;
    if (copy.batchId !== batchId) continue;
    const known = latest.get(copy.copyId);
    if (!known || known.revision < copy.revision) latest.set(copy.copyId, copy);
  }
  return [...latest.values()];
}

/** Waits until the relay has published `count` assembled copies of the batch. */
export async function waitForCopies(svc: IngestionTestService, batchId: string, count: number): Promise<CopyAssembledV1[]> {
  let copies: CopyAssembledV1[] = [];
  await eventually(`${count} copies published`, async () => {
    copies = await assembledCopies(svc, batchId);
    return copies.length >= count;
  });
  return copies;
}
