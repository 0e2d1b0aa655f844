import { errorStatus, type ErrorCode, type FieldError } from '@gradeline/contracts';

export interface AppErrorDetails {
  /** Invalid fields, for 422 answers. */
  errors?: FieldError[];
  /** Seconds to wait, for 429 and 503 answers (sent as Retry-After). */
  retryAfterSeconds?: number;
  /** Extra members of the problem+json body (for example the current version on a 409). */
  extensions?: Record<string, unknown>;
}

/**
 * The one error type of the platform. `code` picks the HTTP status (from contracts) and the
 * problem+json `code`; `message` becomes `detail` for 4xx answers (never for 5xx).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: AppErrorDetails;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.details = details;
  }
}

/** 404 for something missing, or belonging to another tenant (the two look the same on purpose). */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

/** 422 with the invalid fields named. */
export function invalid(message: string, errors: FieldError[]): AppError {
  return new AppError('validation_failed', message, { errors });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
