import { z } from 'zod';

/** Error codes of the export service; add one here when a new expected failure appears. */
export const ExportErrorCode = z.enum([
  'export_blocked',
  'charter_not_accepted',
  'artefact_expired',
]);
export type ExportErrorCode = z.infer<typeof ExportErrorCode>;

export const exportErrorStatus: Record<ExportErrorCode, number> = {
  export_blocked: 409,
  charter_not_accepted: 403,
  artefact_expired: 410,
};
