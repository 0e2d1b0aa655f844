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
import { studentEntity, studentRemovalEntity } from './modules/read-model/student.entity';
import { tenantEntity } from './modules/read-model/tenant.entity';
import { copyFinalizedConsumer } from './modules/rendering/copy-finalized.consumer';
import { CopyPdfService } from './modules/rendering/copy-pdf.service';
import { ExportBuilder } from './modules/exports/export-builder';
import { exportJobEntity } from './modules/exports/export-job.entity';
import { exportRoutes } from './modules/exports/export.routes';
import { ExportService } from './modules/exports/export.service';
import { ExportWorker } from './modules/exports/export.worker';
import { charterAcceptanceEntity, charterVersionEntity } from './modules/charter/charter.entity';
import { charterRoutes } from './modules/charter/charter.routes';
import { CharterService } from './modules/charter/charter.service';
import { portalRoutes } from './modules/portal/portal.routes';
import { PortalService } from './modules/portal/portal.service';
import { retentionSettingEntity } from './modules/retention/retention-setting.entity';
import { retentionRoutes } from './modules/retention/retention.routes';
import { RetentionService } from './modules/retention/retention.service';
import { RetentionWorker } from './modules/retention/retention.worker';
import { statsRoutes } from './modules/stats/stats.routes';

type Deps = ServiceDeps<Config>;

/** The pieces built from the deps, once per running service (routes, consumers and workers share them). */
interface Modules {
  pdfs: CopyPdfService;
  worker: ExportWorker;
  exports: ExportService;
  charters: CharterService;
  portal: PortalService;
  retention: RetentionService;
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
    const charters = new CharterService(deps);
    const portal = new PortalService({ charters, pdfs, audit: deps.audit });
    const retention = new RetentionService({ ...deps, defaultMonths: deps.config.RETENTION_DEFAULT_MONTHS });
    m = { pdfs, worker, exports, charters, portal, retention };
    built.set(deps, m);
  }
  return m;
}

export const service: ServiceDefinition<Config> = {
  name: 'export',
  config: Config,
  entities: [
    tenantEntity, examEntity, schemeVersionEntity, studentEntity, studentRemovalEntity, copyEntity, exportJobEntity,
    charterVersionEntity, charterAcceptanceEntity, retentionSettingEntity,
  ],
  migrations: [...platformMigrations, ...migrations],
  openapi: { title: 'Gradeline export service', description: 'Graded PDFs, exam exports, statistics, student results, charter and retention' },
  consumers: (deps) => [...identityConsumers(modules(deps).pdfs), ...examConsumers(), ...copyConsumers(modules(deps).pdfs), copyFinalizedConsumer(modules(deps).pdfs)],
  routes(app, deps) {
    const m = modules(deps);
    exportRoutes(app, m.exports);
    statsRoutes(app);
    charterRoutes(app, m.charters);
    portalRoutes(app, m.portal);
    retentionRoutes(app, m.retention);
  },
  workers: (deps) => [modules(deps).worker, new RetentionWorker(modules(deps).retention, deps.config.RETENTION_INTERVAL, deps.logger)],
};
