import { z } from 'zod';
import { envDuration, envPort, envUrl } from './env';

export type Env = Record<string, string | undefined>;

/** One bad or missing variable and why it was refused (never its value). */
export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** The configuration did not parse; the message lists every bad or missing variable. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(
      ['Invalid configuration:', ...problems.map((p) => `  - ${p.variable}: ${p.reason}`)].join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** What every service reads from its environment; extend it with `BaseConfig.extend({...})`. */
export const BaseConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: envPort().default(3000),
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(['http', 'https']).optional(),
  SHUTDOWN_TIMEOUT_MS: envDuration().default(15_000),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

/**
 * Parses the environment with a zod object schema. An empty variable counts as unset (compose
 * files and Helm values often render `FOO=` for "not configured").
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): z.output<S> {
  const present: Env = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') present[name] = value;
  }
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = issue.path.map(String).join('.') || '(root)';
      const missing = issue.path.length === 1 && present[variable] === undefined;
      return { variable, reason: missing ? 'is required but not set' : issue.message };
    }),
  );
}

/** loadConfig for a process entry point: on failure prints the problems to stderr and exits 1. */
export function configOrExit<S extends z.ZodObject>(schema: S, env: Env = process.env): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return process.exit(1);
  }
}
