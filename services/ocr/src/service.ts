import { platformMigrations } from '@gradeline/db';
import { type ServiceDefinition } from '@gradeline/runtime';
import { Config } from './config';
import { migrations } from './migrations';
import { copyIdentificationEntity } from './modules/exams/copy-identification.entity';
import { copyIdentifiedConsumer, copyUnidentifiedConsumer, examConsumers } from './modules/exams/exam.consumers';
import { examViewEntity } from './modules/exams/exam-view.entity';
import { rematchRequestEntity } from './modules/matching/rematch-request.entity';
import { ocrModules } from './modules/ocr-modules';
import { copyAssembledConsumer } from './modules/reading/copy-assembled.consumer';
import { readingEntity } from './modules/reading/reading.entity';
import { readingRoutes } from './modules/reading/reading.routes';
import { retentionPurgedConsumer } from './modules/retention/retention-purged.consumer';
import { rosterStudentEntity } from './modules/roster/roster-student.entity';
import { rosterImportedConsumer, studentRemovedConsumer, studentUpsertedConsumer } from './modules/roster/student.consumers';

/**
 * The ocr service: reads copies' name headers on this machine (tesseract.js, no network), matches
 * them against the exam's roster as a whole, decides AUTO only when sure, and publishes
 * ocr.copy.read.v1 for the exam service's identification desk.
 */
export const service: ServiceDefinition<Config> = {
  name: 'ocr',
  config: Config,
  entities: [rosterStudentEntity, examViewEntity, copyIdentificationEntity, readingEntity, rematchRequestEntity],
  migrations: [...platformMigrations, ...migrations],
  openapi: { title: 'Gradeline OCR', description: 'Header readings, candidates and decisions' },
  consumers: (deps) => {
    const modules = ocrModules(deps);
    return [
      copyAssembledConsumer(modules),
      studentUpsertedConsumer(modules),
      studentRemovedConsumer(modules),
      rosterImportedConsumer(modules),
      ...examConsumers(modules),
      copyIdentifiedConsumer(modules),
      copyUnidentifiedConsumer(modules),
      retentionPurgedConsumer(modules),
    ];
  },
  routes: (app, deps) => readingRoutes(app, ocrModules(deps)),
  workers: (deps) => [ocrModules(deps).pool, ocrModules(deps).rematchWorker],
};
