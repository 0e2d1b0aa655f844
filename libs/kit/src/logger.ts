import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line: credentials and personal data. */
export const REDACTED_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'set-cookie',
  'secret',
  'apiKey',
  'email',
  'firstName',
  'lastName',
  'birthDate',
  'displayName',
] as const;

// pino's redaction (fast-redact) has no "any depth" wildcard, so each key is listed at the top
// level and under up to MAX_DEPTH wildcard levels: `{ user: { profile: { email } } }` is covered.
const MAX_DEPTH = 4;

function redactPaths(): string[] {
  const paths = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];
  for (const key of REDACTED_KEYS) {
    const accessor = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    for (let depth = 0; depth <= MAX_DEPTH; depth += 1) {
      const prefix = '*.'.repeat(depth);
      paths.push(accessor.startsWith('[') ? `${prefix.slice(0, -1)}${accessor}` : `${prefix}${accessor}`);
    }
  }
  return paths;
}

export interface LoggerOptions {
  service: string;
  level: string;
  /** Where JSON lines go; stdout when omitted. */
  destination?: DestinationStream;
}

/** A JSON pino logger with `service` on every line and secrets/personal fields censored. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: '[redacted]' },
    },
    options.destination,
  );
}
