import { type Principal } from '@gradeline/auth';
import { AppError } from '@gradeline/kit';
import { type Exam } from './exam.entity';

/**
 * Which exams a caller may touch, beyond the permission table's "kind of action": a school admin
 * holds every school-level right (docs/security.md), a teacher manages the exams they own or lead
 * and reads those they correct. Role is read here and nowhere else.
 */
export function managesAllExams(principal: Pick<Principal, 'role'>): boolean {
  return principal.role === 'admin';
}

export function canManageExam(principal: Pick<Principal, 'role' | 'userId'>, exam: Pick<Exam, 'ownerId' | 'leadTeacherIds'>): boolean {
  return managesAllExams(principal) || exam.ownerId === principal.userId || exam.leadTeacherIds.includes(principal.userId);
}

export function canReadExam(principal: Pick<Principal, 'role' | 'userId'>, exam: Pick<Exam, 'ownerId' | 'leadTeacherIds' | 'correctorIds'>): boolean {
  return canManageExam(principal, exam) || exam.correctorIds.includes(principal.userId);
}

export type ExamAccess = 'read' | 'manage';

/** 403 when the caller may not do this to an exam of their own school (another school's is a 404 before this). */
export function assertExamAccess(principal: Pick<Principal, 'role' | 'userId'>, exam: Exam, access: ExamAccess): void {
  const allowed = access === 'manage' ? canManageExam(principal, exam) : canReadExam(principal, exam);
  if (!allowed) {
    throw new AppError('forbidden', access === 'manage' ? 'Only the exam’s owner, its leads or an admin may do this.' : 'You do not take part in this exam.');
  }
}

/** Reassigning copies and rebalancing correctors are a school admin's explicit actions (403 for teachers). */
export function assertSchoolAdmin(principal: Pick<Principal, 'role'>, action: string): void {
  if (!managesAllExams(principal)) throw new AppError('forbidden', `Only a school admin may ${action}.`);
}
