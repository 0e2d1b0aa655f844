import { type EntityManager } from '@gradeline/db';
import { LockMode } from '@mikro-orm/core';
import { CopyIdentification } from '../exams/copy-identification.entity';
import { ExamView } from '../exams/exam-view.entity';
import { Reading } from '../reading/reading.entity';
import { RosterStudent } from '../roster/roster-student.entity';

/** Everything one exam's matching reads, loaded under the exam's lock. */
export interface ExamMatchState {
  exam: ExamView;
  readings: Reading[];
  /** copyId → student, for copies the exam service says are identified. */
  identified: Map<string, string>;
  /** The exam's candidates: this tenant's students of the exam's classes, not removed. */
  students: RosterStudent[];
}

/**
 * Locks the exam's read-model row for the transaction: matching is serialised per exam across
 * replicas, so two copies read at once never both see a student free. Null for an unknown exam.
 */
export function lockExam(em: EntityManager, tenantId: string, examId: string): Promise<ExamView | null> {
  return em.findOne(ExamView, { id: examId, tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export async function loadMatchState(em: EntityManager, exam: ExamView): Promise<ExamMatchState> {
  const tenantId = exam.tenantId;
  // One after the other: the queries share the transaction's connection.
  const readings = await em.find(Reading, { tenantId, examId: exam.id }, { orderBy: { readAt: 'asc', id: 'asc' } });
  const identifications = await em.find(CopyIdentification, { tenantId, examId: exam.id, studentId: { $ne: null } });
  const students = exam.classNames.length === 0 ? [] : await em.find(RosterStudent, { tenantId, className: { $in: exam.classNames }, removed: false });
  return { exam, readings, identified: new Map(identifications.map((i) => [i.copyId, i.studentId!])), students };
}
