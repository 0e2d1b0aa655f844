import os from 'node:os';
import { envDuration, envInt } from '@gradeline/kit';
import { RuntimeConfig } from '@gradeline/runtime';
import { type z } from 'zod';

/** The ingestion service's environment: the runtime's variables and its own limits and workers. */
export const Config = RuntimeConfig.extend({
  /** Largest upload in bytes (1 GiB): beyond it the stored part is deleted and the answer is 413. */
  UPLOAD_MAX_BYTES: envInt({ min: 1024 }).default(1024 ** 3),
  /** Most pages a PDF may have. */
  UPLOAD_MAX_PAGES: envInt({ min: 1, max: 100_000 }).default(2_500),
  /**
   * Tasks (pages, copies) one process works on at once; default two per core, so threads always
   * have the next page while other tasks wait on storage or the database. 0 runs no task loop in
   * this process (an API-only replica beside worker replicas).
   */
  INGESTION_CONCURRENCY: envInt({ min: 0, max: 64 }).default(2 * os.availableParallelism()),
  /** Threads doing the image work of pages (QR, orientation, PDFium); default one per core, 0 = on the event loop. */
  INGESTION_THREADS: envInt({ min: 0, max: 64 }).default(os.availableParallelism()),
  /** How long a claimed task stays a worker's before another may take it (renewed while working). */
  INGESTION_LEASE_MS: envDuration().default(30_000),
  /**
   * How often an idle worker looks at the queue unprompted: new tasks wake it at once (NOTIFY), so
   * this bounds only how late it sees a task whose retry delay or lease ran out.
   */
  INGESTION_POLL_MS: envDuration().default(1_000),
  /** Lifetime of signed links to page images and thumbnails. */
  SIGNED_URL_TTL_MS: envDuration().default(300_000),
});
export type Config = z.infer<typeof Config>;
