import { type ExportKind, type ExportProblem } from '@gradeline/contracts';
import { currentResult, type Copy } from '../read-model/copy.entity';

export interface ExportPlan {
  blocking: ExportProblem[];
  warnings: ExportProblem[];
  /** The copies the artefact holds, in no particular order. */
  included: Copy[];
}

const problem = (code: ExportProblem['code'], message: string, copies: Copy[]): ExportProblem => ({ code, message, copyIds: copies.map((c) => c.id) });

/**
 * What an export of these copies would hold, what stops it, and what it leaves out. Nothing is
 * skipped silently: every copy left out is named in a warning, and a file that would be wrong
 * (a Pronote row without a student) is refused with the list of copies to fix.
 */
export function planExport(kind: ExportKind, copies: Copy[], knownStudents: Set<string>, hasScheme: boolean): ExportPlan {
  const graded = copies.filter((c) => currentResult(c));
  const outdated = copies.filter((c) => c.result && c.resultOutOfDate);
  const ungraded = copies.filter((c) => !c.result);
  if (kind === 'results_csv') {
    const blocking = [
      ...(copies.length === 0 ? [problem('no_copies', 'the exam has no copies yet', [])] : []),
      ...(hasScheme ? [] : [problem('no_scheme', 'the exam has no published marking scheme', [])]),
    ];
    return { blocking, warnings: [], included: copies };
  }
  const warnings = [
    ...(ungraded.length ? [problem('ungraded_copies_left_out', `${ungraded.length} copies not graded yet are left out`, ungraded)] : []),
    ...(outdated.length ? [problem('outdated_results_left_out', `${outdated.length} reopened copies are left out until finalised again`, outdated)] : []),
  ];
  const blocking: ExportProblem[] = [];
  if (graded.length === 0) blocking.push(problem('nothing_graded', 'no copy of this exam is graded', []));
  if (kind === 'pronote_csv') {
    const unidentified = graded.filter((c) => !c.studentId);
    const unknown = graded.filter((c) => c.studentId && !knownStudents.has(c.studentId));
    if (unidentified.length) blocking.push(problem('copies_not_identified', `${unidentified.length} graded copies are not linked to a student`, unidentified));
    if (unknown.length) blocking.push(problem('student_unknown', `${unknown.length} graded copies belong to students no longer on the roster`, unknown));
  }
  return { blocking, warnings, included: graded };
}
