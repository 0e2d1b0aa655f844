import { type ExamStatus } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { LockMode } from '@mikro-orm/core';
import { Copy } from '../copy/copy.entity';
import { Exam } from './exam.entity';

export interface ExamFilter {
  status?: ExamStatus;
  className?: string;
  /** Only exams this user owns, leads or corrects. */
  involving?: string;
  limit: number;
  offset: number;
}

/** Every read and write of exams, always inside one school. */
export const examRepository = {
  find(em: EntityManager, tenantId: string, id: string): Promise<Exam | null> {
    return em.findOne(Exam, { id, tenantId });
  },

  /** The exam, its row locked until the transaction ends: dispatch runs and releases of one exam take turns. */
  findForUpdate(em: EntityManager, tenantId: string, id: string): Promise<Exam | null> {
    return em.findOne(Exam, { id, tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  },

  list(em: EntityManager, tenantId: string, filter: ExamFilter): Promise<[Exam[], number]> {
    const where: FilterQuery<Exam> = { tenantId };
    if (filter.status) where.status = filter.status;
    if (filter.className) where.classNames = { $contains: [filter.className] };
    if (filter.involving) {
      const me = filter.involving;
      where.$or = [{ ownerId: me }, { leadTeacherIds: { $contains: [me] } }, { correctorIds: { $contains: [me] } }];
    }
    return em.findAndCount(Exam, where, { orderBy: { date: 'desc', createdAt: 'desc', id: 'asc' }, limit: filter.limit, offset: filter.offset });
  },

  countCopies(em: EntityManager, tenantId: string, examId: string): Promise<number> {
    return em.count(Copy, { tenantId, examId });
  },

  /** Takes `count` answer-sheet slots atomically; returns the first one. */
  async reserveSheetSlots(em: EntityManager, tenantId: string, examId: string, count: number): Promise<number> {
    const row = (await em.execute<{ issued: number }>(
      'update "exam" set "sheet_slots_issued" = "sheet_slots_issued" + ? where "id" = ? and "tenant_id" = ? returning "sheet_slots_issued" as "issued"',
      [count, examId, tenantId],
      'get',
    )) as { issued: number } | undefined;
    if (!row) throw new Error(`exam ${examId} vanished while reserving sheet slots`);
    return row.issued - count + 1;
  },

  /**
   * Moves the scheme version from `expected` to `expected + 1` and returns when scores began (read
   * under the row lock, so a grading start committed meanwhile is seen); null when another save got
   * there first. The lock serialises concurrent saves of one exam's scheme.
   */
  async advanceSchemeVersion(em: EntityManager, tenantId: string, examId: string, expected: number): Promise<{ scoresSince: Date | null } | null> {
    const row = (await em.execute<{ scores_since: Date | null }>(
      'update "exam" set "scheme_version" = ? where "id" = ? and "tenant_id" = ? and "scheme_version" = ? returning "scores_since"',
      [expected + 1, examId, tenantId, expected],
      'get',
    )) as { scores_since: Date | null } | undefined;
    return row ? { scoresSince: row.scores_since } : null;
  },

  /** Records the first sign of grading on the exam; later ones keep the first date. */
  async markScoresExist(em: EntityManager, tenantId: string, examId: string, at: Date): Promise<boolean> {
    return (await em.nativeUpdate(Exam, { id: examId, tenantId, scoresSince: null }, { scoresSince: at })) === 1;
  },
};
