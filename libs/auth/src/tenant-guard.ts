import { AppError } from '@gradeline/kit';
import { type Principal } from './principal';

/**
 * Throws `not_found` unless the thing belongs to the caller's tenant. 404 and never 403: another
 * school's exams, copies and pupils must look exactly like things that do not exist.
 */
export function assertSameTenant(principal: Pick<Principal, 'tenantId'>, tenantId: string): void {
  if (principal.tenantId !== tenantId) throw new AppError('not_found', 'not found');
}
