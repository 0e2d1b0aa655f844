import { AppError, invalid } from '@gradeline/kit';

/** The version an If-Match header names: 428 when absent, 422 when it is not one of our ETags. */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined) throw new AppError('precondition_required', 'send If-Match with the ETag you last read');
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
  if (!match) throw invalid('If-Match is not an ETag of this resource', [{ path: 'headers.if-match', message: 'must be an ETag such as "3"' }]);
  return Number(match[1]);
}
