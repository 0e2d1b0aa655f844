import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { type LockMode } from '@mikro-orm/core';
import { ExamView } from './exam-view.entity';

/** The caller's exam, or 404 for one that is unknown or another school's. */
export async function examOfTenant(em: EntityManager, tenantId: string, examId: string, lockMode?: LockMode): Promise<ExamView> {
  const exam = await em.findOne(ExamView, { id: examId, tenantId }, lockMode ? { lockMode } : {});
  if (!exam) throw notFound('exam');
  return exam;
}

/** Scans are accepted only while the exam is open. */
export function assertOpen(exam: ExamView): void {
  if (exam.status !== 'open') {
    throw new AppError('exam_not_open', `the exam is ${exam.status}: scans are accepted while it is open`, {
      extensions: { status: exam.status },
    });
  }
}
