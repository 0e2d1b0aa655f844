import { leftOutReason } from './results.service';

describe('what a release leaves out', () => {
  it('releases only graded, identified copies', () => {
    expect(leftOutReason({ status: 'GRADED', studentId: 's1', blankReason: null })).toBeNull();
    expect(leftOutReason({ status: 'GRADED', studentId: null, blankReason: null })).toBe('not_identified');
    for (const status of ['STAGING', 'READY', 'IN_GRADING', 'REOPENED', 'QUARANTINE'] as const) {
      expect(leftOutReason({ status, studentId: 's1', blankReason: null })).toBe('not_graded');
    }
    expect(leftOutReason({ status: 'QUARANTINE', studentId: null, blankReason: 'absent' })).toBe('blank');
  });
});
