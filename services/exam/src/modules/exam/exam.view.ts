import { type ExamCreatedV1, type ExamView } from '@gradeline/contracts';
import { type Exam } from './exam.entity';

/** What both the HTTP view and the events say of an exam. */
function described(exam: Exam): Omit<ExamCreatedV1, 'examId' | 'ownerId'> & { ownerId: string } {
  const { name, subject, date, classNames, pagesPerCopy, headerRegion, correctorIds, leadTeacherIds, ownerId, status, scaleTo, coefficient } = exam;
  return { name, subject, date, classNames, pagesPerCopy, headerRegion, correctorIds, leadTeacherIds, ownerId, status, scaleTo, coefficient };
}

export function examView(exam: Exam): ExamView {
  return {
    id: exam.id,
    ...described(exam),
    schemeVersion: exam.schemeVersion,
    scoresExist: exam.scoresSince !== null,
    sheetSlotsIssued: exam.sheetSlotsIssued,
    version: exam.version,
    createdAt: exam.createdAt.toISOString(),
    updatedAt: exam.updatedAt.toISOString(),
  };
}

/** exam.exam.created.v1 / updated.v1: everything other services keep of an exam. */
export function examEventData(exam: Exam): ExamCreatedV1 {
  return { examId: exam.id, ...described(exam) };
}
