import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition, type ServiceDeps } from '@gradeline/runtime';
import { Config } from './config';
import { entities } from './entities';
import { Migration20261128004232_grading } from './migrations/Migration20261128004232_grading';
import { Migration20261207140000_exam_owner } from './migrations/Migration20261207140000_exam_owner';
import { AnnotationService } from './modules/annotations/annotation.service';
import { annotationRoutes } from './modules/annotations/annotation.routes';
import { CommentBankService } from './modules/comment-bank/comment-bank.service';
import { commentBankRoutes } from './modules/comment-bank/comment-bank.routes';
import { copyDispatchedConsumer, copyReassignedConsumer } from './modules/copies/copy-assigned.consumer';
import { copyRegisteredConsumer, copyTransitionedConsumer } from './modules/copies/copy-registered.consumer';
import { DraftService } from './modules/drafts/draft.service';
import { draftRoutes } from './modules/drafts/draft.routes';
import { examCreatedConsumer, examUpdatedConsumer } from './modules/exams/exam-changed.consumer';
import { FinalizeService } from './modules/grading/finalize.service';
import { finalizeRoutes } from './modules/grading/finalize.routes';
import { GradingService } from './modules/grading/grading.service';
import { gradingRoutes } from './modules/grading/grading.routes';
import { PageRenditionService } from './modules/pages/page-rendition.service';
import { pageRoutes } from './modules/pages/page.routes';
import { retentionPurgedConsumer } from './modules/retention/retention-purged.consumer';
import { GradingOverviewService } from './modules/review/grading-overview.service';
import { gradingOverviewRoutes } from './modules/review/grading-overview.routes';
import { schemePublishedConsumer } from './modules/schemes/scheme-published.consumer';
import { SchemeRepository } from './modules/schemes/scheme.repository';
import { CopyContextCache } from './modules/grading/copy-context-cache';
import { gradingMetrics } from './shared/grading-metrics';

// One scheme cache per running service: routes and consumers share it.
const schemesOf = new WeakMap<object, SchemeRepository>();
function schemes(deps: ServiceDeps<Config>): SchemeRepository {
  let repository = schemesOf.get(deps.orm);
  if (!repository) schemesOf.set(deps.orm, (repository = new SchemeRepository()));
  return repository;
}

export const service: ServiceDefinition<Config> = {
  name: 'grading',
  config: Config,
  entities,
  migrations: [
    ...platformMigrations,
    { name: 'Migration20261128004232_grading', class: Migration20261128004232_grading },
    { name: 'Migration20261207140000_exam_owner', class: Migration20261207140000_exam_owner },
  ],
  openapi: { title: 'Gradeline grading', description: 'Grading documents of anonymous copies: scores, annotations, drafts, finalise and reopen.' },
  consumers: (deps) => [
    examCreatedConsumer,
    examUpdatedConsumer,
    schemePublishedConsumer,
    copyRegisteredConsumer,
    copyTransitionedConsumer,
    copyDispatchedConsumer,
    copyReassignedConsumer,
    retentionPurgedConsumer({ store: deps.store, audit: deps.audit, schemes: schemes(deps) }),
  ],
  routes(app, deps) {
    const gradingDeps = { outbox: deps.outbox, audit: deps.audit, clock: deps.clock, schemes: schemes(deps), metrics: gradingMetrics(app.metrics.registry), contexts: new CopyContextCache() };
    const grading = new GradingService(gradingDeps);
    gradingRoutes(app, grading);
    finalizeRoutes(app, new FinalizeService(gradingDeps, grading));
    annotationRoutes(app, new AnnotationService(gradingDeps));
    draftRoutes(app, new DraftService({ clock: deps.clock, maxBytes: deps.config.GRADING_DRAFT_MAX_BYTES }));
    pageRoutes(app, new PageRenditionService({ store: deps.store, clock: deps.clock, linkTtlMs: deps.config.GRADING_PAGE_LINK_TTL }));
    commentBankRoutes(app, new CommentBankService(gradingDeps));
    gradingOverviewRoutes(app, new GradingOverviewService(gradingDeps), deps.audit);
  },
};
