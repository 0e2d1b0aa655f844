import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition, type ServiceDeps } from '@gradeline/runtime';
import { Config } from './config';
import { migrations } from './migrations';
import { copyEntity } from './modules/read-model/copy.entity';
import { copyConsumers } from './modules/read-model/copy.consumer';
import { examEntity } from './modules/read-model/exam.entity';
import { examConsumers } from './modules/read-model/exam.consumer';
import { identityConsumers } from './modules/read-model/identity.consumer';
import { schemeVersionEntity } from './modules/read-model/scheme.entity';
import { studentEntity } from './modules/read-model/student.entity';
import { tenantEntity } from './modules/read-model/tenant.entity';
import { copyFinalizedConsumer } from './modules/rendering/copy-finalized.consumer';
import { CopyPdfService } from './modules/rendering/copy-pdf.service';
import { ExportBuilder } from './modules/exports/export-builder';
import { exportJobEntity } from './modules/exports/export-job.entity';
import { exportRoutes } from './modules/exports/export.routes';
import { ExportService } from './modules/exports/export.service';
import { ExportWorker } from './modules/exports/export.worker';

type Deps = ServiceDeps<Config>;

/** The pieces built from the deps, once per running service (routes, consumers and workers share them). */
interface Modules {
  pdfs: CopyPdfService;
  worker: ExportWorker;
  exports: ExportService;
}

const built = new WeakMap<Deps, Modules>();

function modules(deps: Deps): Modules {
  let m = built.get(deps);
  if (!m) {
    const pdfs = new CopyPdfService(deps.store);
    const worker = new ExportWorker({
      ...deps, builder: new ExportBuilder(deps.store, pdfs), ttlMs: deps.config.EXPORT_TTL, pollIntervalMs: deps.config.EXPORT_POLL_INTERVAL,
    });
    const exports = new ExportService({ audit: deps.audit, store: deps.store, clock: deps.clock, queued: () => worker.kick() });
    m = { pdfs, worker, exports };
    built.set(deps, m);
  }
  return m;
}

export const service: ServiceDefinition<Config> = {
  name: 'export',
  config: Config,
  entities: [tenantEntity, examEntity, schemeVersionEntity, studentEntity, copyEntity, exportJobEntity],
  migrations: [...platformMigrations, ...migrations],
  openapi: { title: 'Gradeline export service', description: 'Graded PDFs, exam exports, statistics, student results, charter and retention' },
  consumers: (deps) => [...identityConsumers(), ...examConsumers(), ...copyConsumers(modules(deps).pdfs), copyFinalizedConsumer(modules(deps).pdfs)],
  routes(app, deps) {
    exportRoutes(app, modules(deps).exports);
  },
  workers: (deps) => [modules(deps).worker],
};
