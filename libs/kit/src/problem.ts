import { STATUS_CODES } from 'node:http';
import { errorStatus, type ErrorCode, type FieldError, type ProblemDetails } from '@gradeline/contracts';
import { isAppError } from './errors';

/** An HTTP answer for a failure: status, problem+json body, extra headers. */
export interface ProblemAnswer {
  status: number;
  body: ProblemDetails;
  headers: Record<string, string>;
  /** True when the error is ours to fix (5xx): it must be logged in full. */
  unexpected: boolean;
}

export const PROBLEM_TYPE_BASE = 'https://gradeline.dev/problems/';

// 5xx answers carry one of these fixed sentences, never the error's own text.
const SERVER_DETAIL: Record<number, string> = {
  503: 'The service is temporarily unavailable. Try again later.',
};
const GENERIC_DETAIL = 'An unexpected error occurred. Quote the requestId when reporting it.';

// Framework and plugin errors only carry a status; these are the codes they stand for.
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  406: 'unsupported_media_type',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  428: 'precondition_required',
  429: 'rate_limited',
};

/** Builds the problem body for a code; 5xx details are replaced by a fixed sentence. */
export function problem(
  code: ErrorCode,
  detail: string,
  requestId: string,
  extra: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): ProblemDetails {
  const status = errorStatus[code];
  return {
    ...extra.extensions,
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    detail: status >= 500 ? (SERVER_DETAIL[status] ?? GENERIC_DETAIL) : detail,
    requestId,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

interface FrameworkError {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
  headers?: unknown;
}

/** Maps anything thrown while handling a request to the one problem+json answer. */
export function toProblem(error: unknown, requestId: string): ProblemAnswer {
  if (isAppError(error)) {
    const { errors, extensions, retryAfterSeconds } = error.details;
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
    const body = problem(error.code, error.message, requestId, { errors, extensions });
    return { status: body.status, body, headers, unexpected: body.status >= 500 };
  }
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  const fields = validationErrors(framework);
  if (fields) {
    const body = problem('validation_failed', 'The request is invalid.', requestId, { errors: fields });
    return { status: body.status, body, headers: {}, unexpected: false };
  }
  if (framework.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || framework.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    const errors = [{ path: 'body', message: 'must be a valid JSON document' }];
    const body = problem('validation_failed', 'The request body is not valid JSON.', requestId, { errors });
    return { status: body.status, body, headers: {}, unexpected: false };
  }
  const status = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  const code = status >= 400 && status < 500 ? (CODE_BY_STATUS[status] ?? 'validation_failed') : 'internal';
  if (code === 'internal') {
    return { status: 500, body: problem('internal', '', requestId), headers: {}, unexpected: true };
  }
  // 4xx framework messages describe the request ("Request body is too large"), not our internals.
  const detail = typeof framework.message === 'string' ? framework.message : 'The request was refused.';
  const body = problem(code, detail, requestId);
  const headers: Record<string, string> = code === 'rate_limited' ? { 'retry-after': retryAfter(framework) } : {};
  return { status: body.status, body, headers, unexpected: false };
}

/** Request validation failures (zod through the type provider) as `{ path, message }` per field. */
function validationErrors(error: FrameworkError): FieldError[] | undefined {
  if (!Array.isArray(error.validation) || error.validation.length === 0) return undefined;
  const context = typeof error.validationContext === 'string' ? error.validationContext : 'request';
  return (error.validation as { instancePath?: string; message?: string; params?: Record<string, unknown> }[]).map(
    (issue) => {
      const segments = (issue.instancePath ?? '').split('/').filter((s) => s.length > 0);
      const missing = issue.params?.['missingProperty'];
      if (typeof missing === 'string') segments.push(missing);
      return { path: [context, ...segments].join('.'), message: issue.message ?? 'is invalid' };
    },
  );
}

// Rate limiters usually set Retry-After themselves (kept by the handler); this is the fallback.
function retryAfter(error: FrameworkError): string {
  const headers = (typeof error.headers === 'object' && error.headers !== null ? error.headers : {}) as Record<
    string,
    unknown
  >;
  const fromHeaders = headers['retry-after'];
  if (typeof fromHeaders === 'string' || typeof fromHeaders === 'number') return String(fromHeaders);
  return '60';
}
