// The ingestion bench's batches: upload over HTTP, wait for the batch, and read its timeline from
// the event stream's own times.
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { type BatchView } from '@gradeline/contracts';
import { type Bus } from '@gradeline/messaging';

/** Status polling is what a browser would do; the clock stops at the last event's stream time, not at a poll. */
const POLL_MS = 500;

export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 900_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** When the batch's events were written: received, first and last page progress, first and last copy assembled (ms). */
export interface Timeline {
  received: number;
  firstProgress: number;
  pagesDone: number;
  firstAssembled: number;
  lastAssembled: number;
}

/** The batch's timeline from the stream's own times, once all `copies` are published. */
export async function batchTimeline(bus: Bus, batchId: string, copies: number): Promise<Timeline> {
  const stream = bus.streamOfType('ingestion.copy.assembled.v1');
  const subject = (type: Parameters<Bus['subject']>[0]) => bus.subject(type);
  const [assembled, received, progressed] = [subject('ingestion.copy.assembled.v1'), subject('ingestion.batch.received.v1'), subject('ingestion.batch.progressed.v1')];
  return poll('every copy published', async () => {
    const { state } = await bus.jsm.streams.info(stream);
    const t: Timeline & { seen: number } = { seen: 0, received: 0, firstProgress: Infinity, pagesDone: 0, firstAssembled: Infinity, lastAssembled: 0 };
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await bus.jsm.streams.getMessage(stream, { seq });
      if (!message) continue;
      const data = message.json<{ data: { batchId: string; pagesDone?: number; pagesTotal?: number } }>().data;
      if (data.batchId !== batchId) continue;
      const at = message.time.getTime();
      if (message.subject === assembled) {
        t.seen++;
        t.firstAssembled = Math.min(t.firstAssembled, at);
        t.lastAssembled = Math.max(t.lastAssembled, at);
      } else if (message.subject === received) t.received = at;
      else if (message.subject === progressed) {
        t.firstProgress = Math.min(t.firstProgress, at);
        if (data.pagesDone === data.pagesTotal) t.pagesDone = at;
      }
    }
    return t.seen >= copies ? t : undefined;
  });
}

/**
 * POSTs a file as the request body, streamed from disk by node:http as a browser or curl sends it.
 * fetch() with a web stream body cost this client ~3 times the time and CPU for a 21 MB file
 * (100 against 30 ms, on the cores the service shares), which the bench would have charged to the service.
 */
function postFile(target: string, headers: Record<string, string>, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(target, { method: 'POST', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
    pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), request).catch(reject);
  });
}

/** Uploads a file over HTTP (again as a new batch when `force`) and waits until its batch is processed. */
export async function uploadAndWait(
  url: string,
  auth: { authorization: string },
  examId: string,
  file: string,
  force = false,
): Promise<{ batchId: string; batch: BatchView }> {
  const res = await postFile(`${url}/exams/${examId}/batches${force ? '?force=true' : ''}`, { ...auth, 'content-type': 'application/pdf' }, file);
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${res.body}`);
  const { batchId } = JSON.parse(res.body) as { batchId: string };
  const batch = await poll('the batch', async () => {
    const view = (await (await fetch(`${url}/batches/${batchId}`, { headers: auth })).json()) as BatchView;
    return view.status === 'completed' || view.status === 'failed' ? view : undefined;
  });
  return { batchId, batch };
}
