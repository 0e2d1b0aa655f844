import { envDuration, envInt } from '@gradeline/kit';
import { RuntimeConfig } from '@gradeline/runtime';
import { type z } from 'zod';

const DAY_MS = 24 * 3_600_000;

/** The export service's environment: the runtime's variables plus its own (see README). */
export const Config = RuntimeConfig.extend({
  /** How long an export's artefact can be downloaded. */
  EXPORT_TTL: envDuration().default(7 * DAY_MS),
  /** How often the export worker looks for queued jobs when nothing woke it. */
  EXPORT_POLL_INTERVAL: envDuration().default(2_000),
  /** Retention for schools that set none, in months after the exam date; unset keeps data. */
  RETENTION_DEFAULT_MONTHS: envInt({ min: 1, max: 240 }).optional(),
  /** How often the retention purge runs. */
  RETENTION_INTERVAL: envDuration().default(DAY_MS),
});
export type Config = z.infer<typeof Config>;
