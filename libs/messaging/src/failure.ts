import { isAppError } from '@gradeline/kit';

/**
 * Thrown by a handler for a message that can never succeed (a domain refusal): the message is
 * terminated and becomes a dead letter at once instead of being retried.
 */
export class PermanentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

export interface Failure {
  permanent: boolean;
  code: string;
  message: string;
}

/** AppErrors with a 4xx status and PermanentErrors are permanent; anything else may pass on retry. */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof PermanentError) return { permanent: true, code: error.code, message: error.message };
  if (isAppError(error)) return { permanent: error.status >= 400 && error.status < 500, code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'internal';
  return { permanent: false, code, message };
}
