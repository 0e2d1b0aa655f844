import { z } from 'zod';
import { IdentityErrorCode, identityErrorStatus } from './identity/errors';
import { ExamErrorCode, examErrorStatus } from './exam/errors';
import { IngestionErrorCode, ingestionErrorStatus } from './ingestion/errors';
import { OcrErrorCode, ocrErrorStatus } from './ocr/errors';
import { GradingErrorCode, gradingErrorStatus } from './grading/errors';
import { ExportErrorCode, exportErrorStatus } from './export/errors';
import { GatewayErrorCode, gatewayErrorStatus } from './gateway/errors';

/** Codes every service may use. */
export const CommonErrorCode = z.enum([
  'validation_failed',
  'not_found',
  'unauthenticated',
  'forbidden',
  'conflict',
  'version_conflict',
  'precondition_required',
  'invalid_state',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  'service_unavailable',
]);
export type CommonErrorCode = z.infer<typeof CommonErrorCode>;

const commonErrorStatus: Record<CommonErrorCode, number> = {
  validation_failed: 422,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  version_conflict: 409,
  precondition_required: 428,
  invalid_state: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
};

/** Every error code of the platform: a string union, one per expected failure. */
export const ErrorCode = z.enum([
  ...CommonErrorCode.options,
  ...IdentityErrorCode.options,
  ...ExamErrorCode.options,
  ...IngestionErrorCode.options,
  ...OcrErrorCode.options,
  ...GradingErrorCode.options,
  ...ExportErrorCode.options,
  ...GatewayErrorCode.options,
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The HTTP status each code answers with. */
export const errorStatus: Record<ErrorCode, number> = {
  ...commonErrorStatus,
  ...identityErrorStatus,
  ...examErrorStatus,
  ...ingestionErrorStatus,
  ...ocrErrorStatus,
  ...gradingErrorStatus,
  ...exportErrorStatus,
  ...gatewayErrorStatus,
};

/** One invalid field of a request: where it is and what is wrong. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, as every service answers an error. */
export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: ErrorCode,
    detail: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldError).optional(),
  })
  .catchall(z.unknown());
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
