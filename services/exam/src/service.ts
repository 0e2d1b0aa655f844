import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition, type ServiceDeps } from '@gradeline/runtime';
import { Config } from './config';
import { migrations } from './migrations';
import { copyAssembledConsumer } from './modules/copy/copy-assembled.consumer';
import { copyEntity } from './modules/copy/copy.entity';
import { copyRoutes } from './modules/copy/copy.routes';
import { CopyService } from './modules/copy/copy.service';
import { dispatchRoutes } from './modules/dispatch/dispatch.routes';
import { dispatchRunEntity } from './modules/dispatch/dispatch-run.entity';
import { DispatchService } from './modules/dispatch/dispatch.service';
import { examEntity } from './modules/exam/exam.entity';
import { examRoutes } from './modules/exam/exam.routes';
import { ExamService } from './modules/exam/exam.service';
import { gradingConsumers } from './modules/grading-progress/grading.consumers';
import { GradingProgressService } from './modules/grading-progress/grading-progress.service';
import { copyReadConsumer } from './modules/identification/copy-read.consumer';
import { copyReadingEntity } from './modules/identification/copy-reading.entity';
import { DeskService } from './modules/identification/desk.service';
import { identificationRoutes } from './modules/identification/identification.routes';
import { IdentificationService } from './modules/identification/identification.service';
import { ReadingService } from './modules/identification/reading.service';
import { resultsRoutes } from './modules/results/results.routes';
import { ResultsService } from './modules/results/results.service';
import { retentionPurgedConsumer } from './modules/retention/retention-purged.consumer';
import { rosterConsumers } from './modules/roster/roster.consumers';
import { rosterEntryEntity } from './modules/roster/roster-entry.entity';
import { schemeRoutes } from './modules/scheme/scheme.routes';
import { SchemeService } from './modules/scheme/scheme.service';
import { schemeVersionEntity } from './modules/scheme/scheme-version.entity';
import { sheetsRoutes } from './modules/sheets/sheets.routes';
import { SheetsService } from './modules/sheets/sheets.service';
import { staffConsumers } from './modules/staff/staff.consumers';
import { staffMemberEntity } from './modules/staff/staff-member.entity';

/** The modules' services, built once from the platform's deps (plain objects, no container). */
function modules(deps: ServiceDeps<Config>) {
  const exams = new ExamService(deps);
  return {
    exams,
    copies: new CopyService(deps),
    readings: new ReadingService({ clock: deps.clock, exams }),
    grading: new GradingProgressService(deps),
  };
}

/** The exam service: exams, marking schemes, correctors, the copies registry, identification, dispatch, release. */
export const service: ServiceDefinition<Config> = {
  name: 'exam',
  config: Config,
  entities: [examEntity, schemeVersionEntity, copyEntity, copyReadingEntity, dispatchRunEntity, staffMemberEntity, rosterEntryEntity],
  migrations: [...platformMigrations, ...migrations],
  openapi: {
    title: 'Gradeline exam service',
    description: 'Exams, marking schemes, copies registry, identification desk, dispatch, results release and coded answer sheets.',
  },
  consumers: (deps) => {
    const { copies, readings, grading } = modules(deps);
    return [
      ...staffConsumers(),
      ...rosterConsumers(),
      copyAssembledConsumer(copies, deps.audit),
      copyReadConsumer(readings, deps.audit),
      ...gradingConsumers(grading, deps.audit),
      retentionPurgedConsumer(deps),
    ];
  },
  routes(app, deps) {
    const { exams, copies, readings } = modules(deps);
    examRoutes(app, deps, exams);
    schemeRoutes(app, deps, new SchemeService({ clock: deps.clock, exams }));
    copyRoutes(app, deps, copies);
    identificationRoutes(app, deps, { identification: new IdentificationService(deps), readings, desk: new DeskService({ store: deps.store, exams }) });
    dispatchRoutes(app, deps, new DispatchService({ clock: deps.clock, exams }));
    resultsRoutes(app, deps, new ResultsService({ clock: deps.clock, exams }));
    sheetsRoutes(app, deps, new SheetsService({ exams }));
  },
};
