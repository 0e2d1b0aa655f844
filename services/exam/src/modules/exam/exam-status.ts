import { type ExamStatus } from '@gradeline/contracts';

/** An exam moves one way: prepared, open for uploads, being graded, closed. */
const NEXT: Readonly<Record<ExamStatus, ExamStatus | null>> = {
  draft: 'open',
  open: 'grading',
  grading: 'closed',
  closed: null,
};

/** The commands that move an exam (`POST /exams/:id/<command>`) and the status each one reaches. */
export const EXAM_COMMANDS = { open: 'open', grading: 'grading', close: 'closed' } as const satisfies Record<string, ExamStatus>;
export type ExamCommand = keyof typeof EXAM_COMMANDS;

export function canMoveExam(from: ExamStatus, to: ExamStatus): boolean {
  return NEXT[from] === to;
}
