import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { type Logger } from '@gradeline/kit';
import { type RuntimeConfig } from '@gradeline/runtime';
import { type PageImage } from './page-extraction';
import { type PageProcessor, type PageRequest } from './page-processor';

// The thread runs the same kind of file as this one: JavaScript once built; TypeScript in development
// and tests, where the thread must register tsx itself (loader hooks do not reach worker threads).
const THREAD_FILE = path.join(__dirname, `page-thread${path.extname(__filename)}`);
const THREAD_ENTRY = THREAD_FILE.endsWith('.ts')
  ? { code: `require('tsx/cjs'); require(${JSON.stringify(THREAD_FILE)});`, eval: true }
  : { code: THREAD_FILE, eval: false };

const RESPAWN_DELAY_MS = 1_000;

interface Job {
  id: number;
  request: PageRequest;
  resolve: (images: PageImage[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  thread: Thread;
  job: Job | null;
}

interface Reply {
  id?: number;
  ready?: boolean;
  images?: Array<Omit<PageImage, 'jpeg'> & { jpeg: Uint8Array }>;
  error?: { name?: string; message?: string; code?: string };
}

/** A failure inside a thread, with the code it had there (upload_corrupt, …). */
export class PageThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PageThreadError';
  }
}

/**
 * Page work on a pool of threads. QR decoding, orientation and PDFium are CPU-bound JavaScript and
 * WebAssembly: on the event loop they would use one core whatever the concurrency, and stall the
 * database and storage I/O of the other tasks. Each thread takes one page at a time; a thread that
 * dies fails its page (the task is retried) and is replaced.
 */
export class PageThreadPool implements PageProcessor {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    size: number,
    private readonly config: RuntimeConfig,
    private readonly logger: Logger,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  process(request: PageRequest): Promise<PageImage[]> {
    if (this.closed) return Promise.reject(new Error('the page pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the page pool is closed'));
    await Promise.all(this.slots.map((slot) => slot.thread.terminate()));
  }

  private spawn(): Slot {
    const thread = new Thread(THREAD_ENTRY.code, { eval: THREAD_ENTRY.eval, workerData: this.config });
    const slot: Slot = { thread, job: null };
    slot.thread.on('message', (reply: Reply) => this.settle(slot, reply));
    slot.thread.on('error', (error) => this.logger.error({ code: (error as { code?: string }).code }, 'page thread failed'));
    slot.thread.on('exit', () => this.replace(slot));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0 || slot.thread.threadId < 0) continue;
      slot.job = this.queue.shift()!;
      slot.thread.postMessage({ id: slot.job.id, request: slot.job.request });
    }
  }

  private settle(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (reply.ready || !job || reply.id !== job.id) return;
    slot.job = null;
    if (reply.error) job.reject(new PageThreadError(reply.error.message ?? 'page failed', reply.error.code ?? reply.error.name));
    else job.resolve(reply.images!.map((image) => ({ ...image, jpeg: Buffer.from(image.jpeg.buffer, image.jpeg.byteOffset, image.jpeg.byteLength) })));
    this.dispatch();
  }

  private replace(slot: Slot): void {
    slot.job?.reject(new PageThreadError('the page thread stopped', 'page_thread_exited'));
    slot.job = null;
    if (this.closed) return;
    // A second later: a thread that cannot start must not be respawned in a tight loop.
    setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (this.closed || index < 0) return;
      this.slots[index] = this.spawn();
      this.dispatch();
    }, RESPAWN_DELAY_MS).unref();
  }
}
