import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Logger } from '@gradeline/kit';
import { type Worker as RuntimeWorker } from '@gradeline/runtime';
import { createScheduler, createWorker, OEM, PSM, type RecognizeOptions, type Scheduler, type WorkerOptions } from 'tesseract.js';
import { type HeaderOcr, type OcrText, type RecogniseOptions } from './header-ocr';

export const OCR_LANGUAGES = ['fra', 'eng'] as const;

/** tesseract.js's Node worker script, run with fetch disabled (assets/tesseract-worker.cjs). */
export const WORKER_SCRIPT = path.resolve(__dirname, '../../../assets/tesseract-worker.cjs');

/**
 * A folder holding the LSTM language files of the installed @tesseract.js-data packages, linked
 * (tesseract.js takes one langPath for all languages, and each language is its own package).
 */
export function linkLanguageData(dir: string): string {
  for (const lang of OCR_LANGUAGES) {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    const file = `${lang}.traineddata.gz`;
    fs.symlinkSync(path.join(pkg, '4.0.0_best_int', file), path.join(dir, file));
  }
  return dir;
}

/**
 * Options that keep tesseract.js off the network: language data from local files (a langPath
 * that is not a URL is read from disk, never fetched), the wasm core from node_modules (the Node
 * build requires it; corePath is a browser option), a cache folder of our own and no caching.
 */
export function tesseractOptions(dir: string): Partial<WorkerOptions> {
  return { langPath: dir, gzip: true, cachePath: dir, cacheMethod: 'none', workerPath: WORKER_SCRIPT, workerBlobURL: false };
}

const PARAMETERS = {
  // psm 4: a single column of lines of various sizes, which a name box is (when no form was found).
  tessedit_pageseg_mode: PSM.SINGLE_COLUMN,
  preserve_interword_spaces: '1',
  // Header crops carry no resolution (scans are 150-300 dpi); a fixed value silences a warning.
  user_defined_dpi: '200',
};

/**
 * For one comb row of a form: psm 7, the image is one line. tesseract.js sets the parameters it
 * does not know for the job and restores them after; its types list only its own options.
 */
const SINGLE_LINE = { tessedit_pageseg_mode: PSM.SINGLE_LINE } as unknown as Partial<RecognizeOptions>;

/**
 * A pool of tesseract.js workers (worker threads), started once and kept warm: loading the
 * engine and its language data takes about a second per worker. Jobs queue in the scheduler and
 * go to the next idle worker. A runtime Worker: started with the service, terminated at shutdown.
 */
export class TesseractPool implements HeaderOcr, RuntimeWorker {
  readonly name = 'tesseract-pool';
  private scheduler: Promise<Scheduler> | null = null;
  private dir: string | null = null;

  constructor(private readonly options: { workers: number; logger?: Logger }) {}

  start(): Promise<void> {
    return this.ready().then(() => undefined);
  }

  async recognise(image: Buffer, options: RecogniseOptions = {}): Promise<OcrText> {
    const scheduler = await this.ready();
    const { data } = await scheduler.addJob('recognize', image, options.singleLine ? SINGLE_LINE : {});
    return { text: data.text, confidence: Math.max(0, Math.min(1, data.confidence / 100)) };
  }

  async stop(): Promise<void> {
    const scheduler = this.scheduler;
    this.scheduler = null;
    if (scheduler) await (await scheduler.catch(() => null))?.terminate();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private ready(): Promise<Scheduler> {
    this.scheduler ??= this.boot().catch((error: unknown) => {
      this.scheduler = null;
      throw error;
    });
    return this.scheduler;
  }

  private async boot(): Promise<Scheduler> {
    const started = Date.now();
    this.dir = linkLanguageData(fs.mkdtempSync(path.join(os.tmpdir(), 'gradeline-ocr-')));
    const scheduler = createScheduler();
    const created = await Promise.allSettled(
      Array.from({ length: this.options.workers }, () => createWorker([...OCR_LANGUAGES], OEM.LSTM_ONLY, tesseractOptions(this.dir!))),
    );
    const workers = created.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failure = created.find((r) => r.status === 'rejected');
    if (failure) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw new Error(`cannot start the OCR workers: ${String(failure.reason)}`);
    }
    for (const worker of workers) {
      await worker.setParameters(PARAMETERS);
      scheduler.addWorker(worker);
    }
    this.options.logger?.info({ workers: workers.length, ms: Date.now() - started }, 'ocr workers ready');
    return scheduler;
  }
}
