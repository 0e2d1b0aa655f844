import { RuntimeConfig } from '@gradeline/runtime';
import { type z } from 'zod';

/** The exam service reads only the platform's variables (docs/configuration.md). */
export const Config = RuntimeConfig;
export type Config = z.infer<typeof Config>;
