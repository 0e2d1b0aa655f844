import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type Caller } from '../../http/caller';
import { assertExamAccess, type ExamAccess } from '../exam/exam-access';
import { type Exam } from '../exam/exam.entity';
import { examRepository } from '../exam/exam.repository';
import { type Copy } from './copy.entity';
import { copyRepository } from './copy.repository';

/** A copy with its exam, which the caller may read or manage (403); other schools' copies are 404. */
export async function loadCopy(em: EntityManager, caller: Caller, id: string, access: ExamAccess = 'manage'): Promise<{ copy: Copy; exam: Exam }> {
  const copy = await copyRepository.find(em, caller.tenantId, id);
  if (!copy) throw notFound('copy');
  const exam = await examRepository.find(em, caller.tenantId, copy.examId);
  if (!exam) throw notFound('copy');
  assertExamAccess(caller.principal, exam, access);
  return { copy, exam };
}

/** Identification, dispatch and release change nothing once an exam is closed. */
export function assertExamNotClosed(exam: Exam): void {
  if (exam.status === 'closed') {
    throw new AppError('invalid_state', 'The exam is closed: its copies no longer change.', { extensions: { currentStatus: exam.status } });
  }
}
