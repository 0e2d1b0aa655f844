import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition } from '@gradeline/runtime';
import { Config } from './config';
import { migrations } from './migrations';
import { copyAssembledConsumer } from './modules/copy/copy-assembled.consumer';
import { copyEntity } from './modules/copy/copy.entity';
import { copyRoutes } from './modules/copy/copy.routes';
import { CopyService } from './modules/copy/copy.service';
import { examEntity } from './modules/exam/exam.entity';
import { examRoutes } from './modules/exam/exam.routes';
import { ExamService } from './modules/exam/exam.service';
import { retentionPurgedConsumer } from './modules/retention/retention-purged.consumer';
import { rosterConsumers } from './modules/roster/roster.consumers';
import { rosterEntryEntity } from './modules/roster/roster-entry.entity';
import { gradingStartedConsumer } from './modules/scheme/grading-started.consumer';
import { schemeRoutes } from './modules/scheme/scheme.routes';
import { SchemeService } from './modules/scheme/scheme.service';
import { schemeVersionEntity } from './modules/scheme/scheme-version.entity';
import { sheetsRoutes } from './modules/sheets/sheets.routes';
import { SheetsService } from './modules/sheets/sheets.service';
import { staffConsumers } from './modules/staff/staff.consumers';
import { staffMemberEntity } from './modules/staff/staff-member.entity';

/** The exam service: exams, marking schemes, correctors, the copies registry, answer sheets. */
export const service: ServiceDefinition<Config> = {
  name: 'exam',
  config: Config,
  entities: [examEntity, schemeVersionEntity, copyEntity, staffMemberEntity, rosterEntryEntity],
  migrations: [...platformMigrations, ...migrations],
  openapi: { title: 'Gradeline exam service', description: 'Exams, marking schemes, copies registry and coded answer sheets.' },
  consumers: (deps) => [
    ...staffConsumers(),
    ...rosterConsumers(),
    copyAssembledConsumer(new CopyService(deps), deps.audit),
    gradingStartedConsumer(deps.audit),
    retentionPurgedConsumer(deps),
  ],
  routes(app, deps) {
    const exams = new ExamService(deps);
    examRoutes(app, deps, exams);
    schemeRoutes(app, deps, new SchemeService({ clock: deps.clock, exams }));
    copyRoutes(app, deps, new CopyService(deps));
    sheetsRoutes(app, deps, new SheetsService({ exams }));
  },
};
