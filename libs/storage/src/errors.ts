import { AppError } from '@gradeline/kit/errors';

/** The object does not exist. An AppError `not_found`, so an unhandled one answers 404. */
export class ObjectNotFoundError extends AppError {
  readonly key: string;

  constructor(key: string) {
    super('not_found', 'object not found');
    this.name = 'ObjectNotFoundError';
    this.key = key;
  }
}

/** A key, prefix, range or option the port refuses (a caller's bug, or hostile input). */
export function invalidObjectRequest(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { errors: [{ path, message }] });
}
