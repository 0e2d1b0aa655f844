import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition, type ServiceDeps } from '@gradeline/runtime';
import { Config } from './config';
import { Migration20261127234117_ingestion } from './migrations/Migration20261127234117_ingestion';
import { Migration20261207160000_page_code_search } from './migrations/Migration20261207160000_page_code_search';
import { batchEntity } from './modules/batches/batch.entity';
import { batchRoutes } from './modules/batches/batch.routes';
import { UploadService } from './modules/batches/upload.service';
import { AssemblyService } from './modules/copies/assembly.service';
import { copyEntity } from './modules/copies/copy.entity';
import { CopyPublicationService } from './modules/copies/copy-publication.service';
import { copyRoutes } from './modules/copies/copy.routes';
import { CopyService } from './modules/copies/copy.service';
import { examCreatedConsumer, examUpdatedConsumer } from './modules/exams/exam-changed.consumer';
import { examViewEntity } from './modules/exams/exam-view.entity';
import { PageLinks } from './modules/pages/page-links';
import { pageEntity } from './modules/pages/page.entity';
import { PageService } from './modules/pages/page.service';
import { InlinePageProcessor, type PageProcessor } from './modules/pages/page-processor';
import { PageTaskService } from './modules/pages/page-task.service';
import { PageThreadPool } from './modules/pages/page-thread-pool';
import { retentionPurgedConsumer } from './modules/retention/retention-purged.consumer';
import { reviewItemEntity } from './modules/review/review-item.entity';
import { reviewRoutes } from './modules/review/review.routes';
import { ReviewService } from './modules/review/review.service';
import { ReviewThumbnailService } from './modules/review/review-thumbnail.service';
import { taskEntity } from './modules/tasks/task.entity';
import { TASK_CHANNEL } from './modules/tasks/task.repository';
import { TaskWorker } from './modules/tasks/task.worker';

export { Config } from './config';

type Deps = ServiceDeps<Config>;

/**
 * The page, assembly, copy and thumbnail tasks, run by `INGESTION_CONCURRENCY` loops; the image work
 * of pages goes to `INGESTION_THREADS` threads, so it uses every core while the loops wait on I/O.
 */
function taskWorker(deps: Deps): TaskWorker {
  const { orm, store, outbox, clock, logger, config } = deps;
  const processor: PageProcessor =
    config.INGESTION_THREADS > 0 ? new PageThreadPool(config.INGESTION_THREADS, config, logger) : new InlinePageProcessor(store);
  return new TaskWorker({
    orm,
    logger,
    concurrency: config.INGESTION_CONCURRENCY,
    leaseMs: config.INGESTION_LEASE_MS,
    pollMs: config.INGESTION_POLL_MS,
    wakeups: { url: config.DATABASE_URL, channel: TASK_CHANNEL },
    handlers: {
      page: new PageTaskService({ orm, store, outbox, processor }),
      assemble: new AssemblyService({ orm, store, outbox, clock }),
      copy: new CopyPublicationService({ orm, store, outbox, clock }),
      thumbnail: new ReviewThumbnailService({ orm, store, outbox, clock }),
    },
    onStop: () => processor.close(),
  });
}

export const service: ServiceDefinition<Config> = {
  name: 'ingestion',
  config: Config,
  entities: [examViewEntity, batchEntity, taskEntity, pageEntity, copyEntity, reviewItemEntity],
  migrations: [
    ...platformMigrations,
    { name: 'Migration20261127234117_ingestion', class: Migration20261127234117_ingestion },
    { name: 'Migration20261207160000_page_code_search', class: Migration20261207160000_page_code_search },
  ],
  openapi: { title: 'Gradeline ingestion', description: 'Scan batches, page images, copy assembly and review' },
  consumers: (deps) => [examCreatedConsumer, examUpdatedConsumer, retentionPurgedConsumer(deps)],
  workers: (deps) => (deps.config.INGESTION_CONCURRENCY > 0 ? [taskWorker(deps)] : []),
  async routes(app, deps) {
    const links = new PageLinks(deps.store, deps.config.SIGNED_URL_TTL_MS, deps.clock);
    const uploads = new UploadService({ ...deps, maxBytes: deps.config.UPLOAD_MAX_BYTES, maxPages: deps.config.UPLOAD_MAX_PAGES });
    await batchRoutes(app, { uploads, pages: new PageService(links), maxBytes: deps.config.UPLOAD_MAX_BYTES });
    reviewRoutes(app, new ReviewService({ audit: deps.audit, links, clock: deps.clock }));
    copyRoutes(app, new CopyService({ audit: deps.audit }));
  },
};
