import { randomUUID } from 'node:crypto';
import { Copy, type CopyResult } from '../read-model/copy.entity';
import { planExport } from './export-checks';

const result = { version: 1, total: '10', maxTotal: '20' } as CopyResult;
function copy(fields: Partial<Copy>): Copy {
  return Object.assign(new Copy(), { id: randomUUID(), tenantId: 't', examId: 'e', ...fields });
}

describe('what an export holds, refuses and warns about', () => {
  const alice = randomUUID();
  const bob = randomUUID();
  const roster = new Set([alice, bob]);
  const gradedAlice = copy({ studentId: alice, result });
  const gradedBob = copy({ studentId: bob, result });
  const ungraded = copy({ studentId: randomUUID() });
  const reopened = copy({ studentId: alice, result, resultOutOfDate: true });

  it('holds the graded copies and warns, by copy, about ungraded and reopened ones left out', () => {
    const plan = planExport('pronote_csv', [gradedAlice, gradedBob, ungraded, reopened], roster, true);
    expect(plan.blocking).toEqual([]);
    expect(plan.included).toEqual([gradedAlice, gradedBob]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'ungraded_copies_left_out', copyIds: [ungraded.id] }),
      expect.objectContaining({ code: 'outdated_results_left_out', copyIds: [reopened.id] }),
    ]);
  });

  it('refuses every export but the results CSV when nothing is graded', () => {
    for (const kind of ['zip', 'pronote_csv'] as const) {
      expect(planExport(kind, [ungraded, reopened], roster, true).blocking.map((p) => p.code)).toEqual(['nothing_graded']);
    }
    expect(planExport('results_csv', [ungraded], roster, true).blocking).toEqual([]);
  });

  it('refuses Pronote while graded copies are unidentified or their student left the roster, naming each copy', () => {
    const anonymous = copy({ result });
    const departed = copy({ studentId: randomUUID(), result });
    const plan = planExport('pronote_csv', [gradedAlice, anonymous, departed], roster, true);
    expect(plan.blocking).toEqual([
      expect.objectContaining({ code: 'copies_not_identified', copyIds: [anonymous.id] }),
      expect.objectContaining({ code: 'student_unknown', copyIds: [departed.id] }),
    ]);
    expect(planExport('zip', [gradedAlice, anonymous, departed], roster, true).blocking).toEqual([]);
  });

  it('refuses a results CSV of an exam without copies or without a scheme, and otherwise lists every copy', () => {
    expect(planExport('results_csv', [], roster, false).blocking.map((p) => p.code)).toEqual(['no_copies', 'no_scheme']);
    expect(planExport('results_csv', [gradedAlice, ungraded], roster, true).included).toHaveLength(2);
  });
});
