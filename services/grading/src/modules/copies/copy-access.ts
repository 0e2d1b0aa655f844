import { can, type Principal } from '@gradeline/auth';

/** Why a caller may see a copy's grading: the school's admins, the exam's leads (its owner among them), its assigned corrector. */
export type AccessRole = 'admin' | 'lead' | 'corrector';

export interface CopyAccess {
  role: AccessRole;
  /** False for a corrector whose copy an admin took over: they still read it, but no longer write. */
  canWrite: boolean;
}

/** Who manages an exam: its leads and the teacher who created it (as in the exam service). */
export interface ExamManagers {
  leadTeacherIds: readonly string[];
  ownerId: string | null;
}

function managesExam(principal: Principal, exam: ExamManagers): boolean {
  return exam.ownerId === principal.userId || exam.leadTeacherIds.includes(principal.userId);
}

export interface CopyAccessFacts extends ExamManagers {
  correctorId: string | null;
  takenOverBy: string | null;
}

/**
 * Who may read and write a copy's grading; null means "not yours" and answers 404 (never 403, which
 * would confirm the copy exists). Ownership comes on top of the permission, never instead of it.
 */
export function copyAccess(principal: Principal, facts: CopyAccessFacts): CopyAccess | null {
  if (can(principal, 'grading:read-all')) return { role: 'admin', canWrite: true };
  if (!can(principal, 'copies:grade')) return null;
  if (managesExam(principal, facts)) return { role: 'lead', canWrite: true };
  if (facts.correctorId === principal.userId) {
    return { role: 'corrector', canWrite: facts.takenOverBy === null || facts.takenOverBy === principal.userId };
  }
  return null;
}

export interface ExamAccessFacts extends ExamManagers {
  correctorIds: readonly string[];
}

/** Who may see an exam's shared grading material (comment bank): its correctors, leads, owner and admins. */
export function examAccess(principal: Principal, exam: ExamAccessFacts): AccessRole | null {
  if (can(principal, 'grading:read-all')) return 'admin';
  if (!can(principal, 'copies:grade')) return null;
  if (managesExam(principal, exam)) return 'lead';
  if (exam.correctorIds.includes(principal.userId)) return 'corrector';
  return null;
}
