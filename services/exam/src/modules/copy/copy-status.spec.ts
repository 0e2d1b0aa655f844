import { CopyStatus } from '@gradeline/contracts';
import { isAppError } from '@gradeline/kit';
import { canTransition, transition } from './copy-status';

// The table of docs/events.md ("Copy statuses"), written out move by move.
const ALLOWED = new Set([
  'STAGING→READY', //       identified and complete
  'STAGING→QUARANTINE', //  a revision lost pages, or a person set it aside
  'QUARANTINE→STAGING', //  review completed it, or a person took it back
  'READY→IN_GRADING', //    grading.copy.started.v1
  'READY→STAGING', //       identification undone before grading
  'READY→QUARANTINE', //    pages lost before grading
  'IN_GRADING→GRADED', //   finalised
  'GRADED→REOPENED', //     an admin reopens it
  'GRADED→RELEASED', //     results released
  'REOPENED→GRADED', //     finalised again
  'RELEASED→GRADED', //     results withdrawn
]);

describe('the copy status table', () => {
  const pairs = CopyStatus.options.flatMap((from) => CopyStatus.options.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it('covers all 49 pairs', () => {
    expect(pairs).toHaveLength(49);
  });

  it('keeps a GRADED copy as it is unless it is reopened or released', () => {
    expect(CopyStatus.options.filter((to) => canTransition('GRADED', to))).toEqual(['REOPENED', 'RELEASED']);
  });

  it('returns the move when legal, and a 409 naming the current status when not', () => {
    expect(transition({ status: 'QUARANTINE' }, 'STAGING', 'completed')).toEqual({ from: 'QUARANTINE', to: 'STAGING', reason: 'completed' });
    let error: unknown;
    try {
      transition({ status: 'GRADED' }, 'QUARANTINE', 'torn page');
    } catch (e) {
      error = e;
    }
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_state', status: 409, details: { extensions: { currentStatus: 'GRADED', requestedStatus: 'QUARANTINE' } } });
    expect((error as Error).message).toContain('GRADED');
  });
});
