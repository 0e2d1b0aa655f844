import { type AssignedCopyQuery, type Pagination } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { Copy } from '../copy/copy.entity';
import { Exam } from '../exam/exam.entity';
import { DispatchRun } from './dispatch-run.entity';

export const dispatchRepository = {
  /** Every copy of the exam that has a corrector, or could get one (READY). */
  async assignable(em: EntityManager, tenantId: string, examId: string): Promise<Copy[]> {
    return em.find(Copy, { tenantId, examId, $or: [{ correctorId: { $ne: null } }, { status: 'READY' }] }, { orderBy: { id: 'asc' } });
  },

  run(em: EntityManager, tenantId: string, examId: string, id: string): Promise<DispatchRun | null> {
    return em.findOne(DispatchRun, { id, tenantId, examId });
  },

  runs(em: EntityManager, tenantId: string, examId: string, page: Pagination): Promise<[DispatchRun[], number]> {
    return em.findAndCount(DispatchRun, { tenantId, examId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: page.limit, offset: page.offset });
  },

  /** A corrector's copies across the school's exams, with the names of those exams. */
  async assignedTo(em: EntityManager, tenantId: string, correctorId: string, query: AssignedCopyQuery): Promise<{ copies: Copy[]; total: number; examNames: Map<string, string> }> {
    const where: FilterQuery<Copy> = { tenantId, correctorId };
    if (query.status) where.status = query.status;
    if (query.examId) where.examId = query.examId;
    const [copies, total] = await em.findAndCount(Copy, where, { orderBy: { assignedAt: 'asc', id: 'asc' }, limit: query.limit, offset: query.offset });
    const examIds = [...new Set(copies.map((c) => c.examId))];
    const exams = examIds.length === 0 ? [] : await em.find(Exam, { tenantId, id: { $in: examIds } }, { fields: ['id', 'name'] });
    return { copies, total, examNames: new Map(exams.map((e) => [e.id, e.name])) };
  },
};
