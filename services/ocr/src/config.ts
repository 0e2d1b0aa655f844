import os from 'node:os';
import { envDuration, envInt } from '@gradeline/kit';
import { RuntimeConfig } from '@gradeline/runtime';
import { z } from 'zod';

const share = (fallback: number) =>
  z.string().trim().regex(/^(0(\.\d+)?|1(\.0+)?)$/, { error: 'must be a number between 0 and 1' }).transform(Number).default(fallback);
const weight = (fallback: number) =>
  z.string().trim().regex(/^\d+(\.\d+)?$/, { error: 'must be a non-negative number' }).transform(Number).default(fallback);

/** The ocr service's environment: the runtime's variables plus the OCR pool and the matching rules. */
export const Config = RuntimeConfig.extend({
  /** tesseract.js workers kept warm (one per core by default). */
  OCR_WORKERS: envInt({ min: 1, max: 64 }).default(Math.max(1, os.cpus().length)),
  OCR_AUTO_MIN_SCORE: share(0.8),
  OCR_AUTO_MIN_MARGIN: share(0.15),
  OCR_AUTO_MIN_NAME_SCORE: share(0.8),
  OCR_SUGGEST_MIN_SCORE: share(0.5),
  OCR_WEIGHT_BIRTH_DATE: weight(0.55),
  OCR_WEIGHT_LAST_NAME: weight(0.25),
  OCR_WEIGHT_FIRST_NAME: weight(0.2),
  /** How long roster and identification changes gather before an exam is re-matched. */
  OCR_REMATCH_DELAY_MS: envDuration().default(3_000),
}).refine((c) => c.OCR_WEIGHT_BIRTH_DATE + c.OCR_WEIGHT_LAST_NAME + c.OCR_WEIGHT_FIRST_NAME > 0, {
  error: 'the OCR_WEIGHT_* variables must not all be 0',
  path: ['OCR_WEIGHT_BIRTH_DATE'],
});
export type Config = z.infer<typeof Config>;
