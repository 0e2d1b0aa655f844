import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../src/logger';

export interface CapturedLogs {
  logger: Logger;
  /** Every JSON line written so far, raw. */
  text(): string;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A real kit logger writing into memory, so a test can read exactly what would reach stdout. */
export function captureLogs(level = 'info'): CapturedLogs {
  let buffer = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      buffer += chunk.toString('utf8');
      callback();
    },
  });
  const logger = createLogger({ service: 'test-service', level, destination });
  return {
    logger,
    text: () => buffer,
    lines: () =>
      buffer
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
