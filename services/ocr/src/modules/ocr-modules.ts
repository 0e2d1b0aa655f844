import { type ServiceDeps } from '@gradeline/runtime';
import { type Config } from '../config';
import { MatchingService } from './matching/matching.service';
import { RematchWorker } from './matching/rematch-scheduler';
import { type MatchSettings } from './matching/settings';
import { HeaderReader } from './reading/header-reader';
import { ReadingService } from './reading/reading.service';
import { TesseractPool } from './reading/tesseract-pool';

/** The service's parts, built once per running service and shared by consumers, routes and workers. */
export interface OcrModules {
  deps: ServiceDeps<Config>;
  pool: TesseractPool;
  matching: MatchingService;
  readings: ReadingService;
  rematchWorker: RematchWorker;
  /** When a re-match asked for now should run (changes gather for OCR_REMATCH_DELAY_MS). */
  rematchDueAt(): Date;
}

export function matchSettings(config: Config): MatchSettings {
  return {
    weights: { birthDate: config.OCR_WEIGHT_BIRTH_DATE, lastName: config.OCR_WEIGHT_LAST_NAME, firstName: config.OCR_WEIGHT_FIRST_NAME },
    thresholds: {
      autoMinScore: config.OCR_AUTO_MIN_SCORE,
      autoMinMargin: config.OCR_AUTO_MIN_MARGIN,
      autoMinNameScore: config.OCR_AUTO_MIN_NAME_SCORE,
      suggestMinScore: config.OCR_SUGGEST_MIN_SCORE,
    },
  };
}

const built = new WeakMap<ServiceDeps<Config>, OcrModules>();

/** The runtime hands consumers, routes and workers the same deps object: one set of parts for all. */
export function ocrModules(deps: ServiceDeps<Config>): OcrModules {
  const existing = built.get(deps);
  if (existing) return existing;
  const { config, logger, clock, orm } = deps;
  const pool = new TesseractPool({ workers: config.OCR_WORKERS, logger });
  const matching = new MatchingService({ outbox: deps.outbox, audit: deps.audit, clock, settings: matchSettings(config) });
  const reader = new HeaderReader({ store: deps.store, ocr: pool, logger, clock });
  const modules: OcrModules = {
    deps,
    pool,
    matching,
    readings: new ReadingService({ reader, matching, clock }),
    rematchWorker: new RematchWorker({ orm, matching, clock, logger }),
    rematchDueAt: () => new Date(clock.now().getTime() + config.OCR_REMATCH_DELAY_MS),
  };
  built.set(deps, modules);
  return modules;
}
