import { assertSameTenant, type Principal } from '@gradeline/auth';
import { type EntityManager } from '@gradeline/db';
import { AppError, notFound } from '@gradeline/kit';
import { Exam } from './exam.entity';

/** Admins, the exam's creator and its lead teachers run its exports and read its statistics. */
export function managesExam(principal: Principal, exam: Exam): boolean {
  return principal.role === 'admin' || exam.ownerId === principal.userId || exam.leadTeacherIds.includes(principal.userId);
}

/** Admins and lead teachers also see how each corrector marks. */
export function leadsExam(principal: Principal, exam: Exam): boolean {
  return principal.role === 'admin' || exam.leadTeacherIds.includes(principal.userId);
}

/** The exam, if it is the caller's school's (404 otherwise) and the caller manages it (403 otherwise). */
export async function examForStaff(em: EntityManager, principal: Principal, examId: string): Promise<Exam> {
  const exam = await em.findOne(Exam, { id: examId, tenantId: principal.tenantId });
  if (!exam) throw notFound('exam');
  assertSameTenant(principal, exam.tenantId);
  if (!managesExam(principal, exam)) throw new AppError('forbidden', 'only the exam’s creator, its lead teachers and admins may do this');
  return exam;
}
