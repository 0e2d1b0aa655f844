import { gradingPath, gradingTarget } from './grading-path';

const at = new Date('2026-03-20T10:00:00Z');

describe('grading progress', () => {
  it('adds the events up to a status, whatever order they came in', () => {
    expect(gradingTarget({ gradingStartedAt: null, gradedVersion: 0, reopenedVersion: 0 })).toBeNull();
    expect(gradingTarget({ gradingStartedAt: at, gradedVersion: 0, reopenedVersion: 0 })).toBe('IN_GRADING');
    expect(gradingTarget({ gradingStartedAt: at, gradedVersion: 1, reopenedVersion: 0 })).toBe('GRADED');
    expect(gradingTarget({ gradingStartedAt: at, gradedVersion: 1, reopenedVersion: 1 })).toBe('REOPENED');
    expect(gradingTarget({ gradingStartedAt: at, gradedVersion: 2, reopenedVersion: 1 })).toBe('GRADED');
    // Version 1 reopened before its finalisation arrived: still reopened.
    expect(gradingTarget({ gradingStartedAt: null, gradedVersion: 0, reopenedVersion: 1 })).toBe('REOPENED');
  });

  it('walks the status table through grading statuses only', () => {
    expect(gradingPath('READY', 'IN_GRADING')).toEqual(['IN_GRADING']);
    expect(gradingPath('READY', 'GRADED')).toEqual(['IN_GRADING', 'GRADED']);
    expect(gradingPath('IN_GRADING', 'REOPENED')).toEqual(['GRADED', 'REOPENED']);
    expect(gradingPath('REOPENED', 'GRADED')).toEqual(['GRADED']);
    expect(gradingPath('GRADED', 'GRADED')).toEqual([]);
  });

  it('finds no way from a copy taken back before grading, or backwards', () => {
    expect(gradingPath('STAGING', 'IN_GRADING')).toBeNull();
    expect(gradingPath('QUARANTINE', 'GRADED')).toBeNull();
    expect(gradingPath('GRADED', 'IN_GRADING')).toBeNull();
    expect(gradingPath('RELEASED', 'REOPENED')).toBeNull();
  });
});
