import { beforeGrading, readingVerdict, undecided } from './identification.rules';

const t = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, seconds));
const copy = { identificationMethod: null, blankReason: null } as const;

describe('identification rules', () => {
  it('lets a later reading replace an earlier one, never an older one', () => {
    expect(readingVerdict(copy, null, t(1))).toBe('apply');
    expect(readingVerdict(copy, { readAt: t(1) }, t(2))).toBe('apply');
    expect(readingVerdict(copy, { readAt: t(2) }, t(1))).toBe('stale');
  });

  it('keeps what a person decided, and lets readings replace what OCR decided', () => {
    expect(readingVerdict({ identificationMethod: 'manual', blankReason: null }, { readAt: t(1) }, t(2))).toBe('person_decided');
    expect(readingVerdict({ identificationMethod: 'bulk', blankReason: null }, null, t(2))).toBe('person_decided');
    expect(readingVerdict({ identificationMethod: null, blankReason: 'absent' }, null, t(2))).toBe('person_decided');
    expect(readingVerdict({ identificationMethod: 'auto', blankReason: null }, { readAt: t(1) }, t(2))).toBe('apply');
    expect(readingVerdict({ identificationMethod: 'qr', blankReason: null }, { readAt: t(1) }, t(2))).toBe('apply');
  });

  it('allows identification changes only before grading work exists', () => {
    expect(beforeGrading({ status: 'STAGING', gradingStartedAt: null })).toBe(true);
    expect(beforeGrading({ status: 'QUARANTINE', gradingStartedAt: null })).toBe(true);
    expect(beforeGrading({ status: 'READY', gradingStartedAt: null })).toBe(true);
    expect(beforeGrading({ status: 'READY', gradingStartedAt: t(1) })).toBe(false);
    for (const status of ['IN_GRADING', 'GRADED', 'REOPENED', 'RELEASED'] as const) expect(beforeGrading({ status, gradingStartedAt: null })).toBe(false);
  });

  it('calls a copy undecided only while it has neither a student nor a blank mark', () => {
    expect(undecided({ studentId: null, blankReason: null })).toBe(true);
    expect(undecided({ studentId: 'x', blankReason: null })).toBe(false);
    expect(undecided({ studentId: null, blankReason: 'blank' })).toBe(false);
  });
});
