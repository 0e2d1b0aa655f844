// A thread of the page pool (see page-thread-pool.ts): it opens its own object store from the
// service's configuration and runs page requests one at a time, sending the images back.
import { parentPort, workerData } from 'node:worker_threads';
import { createObjectStore, S3ObjectStore, StorageEnv, storageConfigFromEnv } from '@gradeline/storage';
import sharp from 'sharp';
import { InlinePageProcessor, type PageRequest } from './page-processor';

interface Message {
  id: number;
  request: PageRequest;
}

async function main(): Promise<void> {
  // Parallelism comes from the pool's threads, one page each: libvips splitting every small image
  // over its own threads as well only adds hand-offs (libvips's setting is process-wide).
  sharp.concurrency(1);
  // libvips's operation cache (process-wide, up to 50 MB and 100 operations by default) keeps recent
  // decodes for a repeat that never comes here: each page is decoded once. It filled over a long
  // batch, which a short one never did (part of the peak RSS growing with the batch size).
  sharp.cache(false);
  // Only the storage half of the configuration: the thread reads source PDFs, nothing else.
  const store = createObjectStore(storageConfigFromEnv(StorageEnv.parse(workerData), { signedPath: '/api/v1/files/ingestion' }));
  if (store instanceof S3ObjectStore) await store.ensureBucket();
  const processor = new InlinePageProcessor(store);
  parentPort!.on('message', (message: Message) => {
    processor.process(message.request).then(
      (images) => {
        // Copies of just the image bytes: a buffer may be a view on a larger one still in use here.
        const owned = images.map((image) => ({ ...image, jpeg: new Uint8Array(image.jpeg) }));
        parentPort!.postMessage({ id: message.id, images: owned }, owned.map((image) => image.jpeg.buffer));
      },
      (error: unknown) => {
        const { name, message: text, code } = error as { name?: string; message?: string; code?: string };
        parentPort!.postMessage({ id: message.id, error: { name, message: text, code } });
      },
    );
  });
  parentPort!.postMessage({ ready: true });
}

void main();
