import { envDuration, envInt } from '@gradeline/kit';
import { RuntimeConfig } from '@gradeline/runtime';
import { type z } from 'zod';

/** grading's environment: the platform's variables plus the two below (services/grading/README.md). */
export const Config = RuntimeConfig.extend({
  /** Lifetime of the signed page-image links handed to correctors (short: a link is a bearer capability). */
  GRADING_PAGE_LINK_TTL: envDuration().default(5 * 60_000),
  /** Largest draft a corrector may autosave, in bytes of JSON. */
  GRADING_DRAFT_MAX_BYTES: envInt({ min: 1_024, max: 4 * 1_048_576 }).default(256 * 1_024),
});
export type Config = z.infer<typeof Config>;
