import { type EntityManager } from '@gradeline/db';
import { Copy } from '../copy/copy.entity';
import { CopyReading } from './copy-reading.entity';

export const identificationRepository = {
  reading(em: EntityManager, tenantId: string, copyId: string): Promise<CopyReading | null> {
    return em.findOne(CopyReading, { copyId, tenantId });
  },

  async readings(em: EntityManager, tenantId: string, copyIds: readonly string[]): Promise<Map<string, CopyReading>> {
    if (copyIds.length === 0) return new Map();
    const found = await em.find(CopyReading, { tenantId, copyId: { $in: [...copyIds] } });
    return new Map(found.map((r) => [r.copyId, r]));
  },

  /** Copies of the exam nobody has identified or set aside yet, before grading, oldest first. */
  undecided(em: EntityManager, tenantId: string, examId: string): Promise<Copy[]> {
    return em.find(
      Copy,
      { tenantId, examId, studentId: null, blankReason: null, gradingStartedAt: null, status: { $in: ['STAGING', 'QUARANTINE'] } },
      { orderBy: { registeredAt: 'asc', id: 'asc' } },
    );
  },

  /** student id → the copy of the exam identified to them. */
  async identified(em: EntityManager, tenantId: string, examId: string, studentIds?: readonly string[]): Promise<Map<string, string>> {
    const copies = await em.find(Copy, { tenantId, examId, studentId: studentIds ? { $in: [...studentIds] } : { $ne: null } }, { fields: ['id', 'studentId'] });
    return new Map(copies.map((c) => [c.studentId as string, c.id]));
  },
};
