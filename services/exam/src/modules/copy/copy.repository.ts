import { type CopyStatus } from '@gradeline/contracts';
import { type EntityManager, type FilterQuery } from '@gradeline/db';
import { Copy } from './copy.entity';

export const copyRepository = {
  find(em: EntityManager, tenantId: string, id: string): Promise<Copy | null> {
    return em.findOne(Copy, { id, tenantId });
  },

  list(em: EntityManager, tenantId: string, examId: string, filter: { status?: CopyStatus; correctorId?: string; limit: number; offset: number }): Promise<[Copy[], number]> {
    const where: FilterQuery<Copy> = { tenantId, examId };
    if (filter.status) where.status = filter.status;
    if (filter.correctorId) where.correctorId = filter.correctorId;
    return em.findAndCount(Copy, where, { orderBy: { registeredAt: 'asc', id: 'asc' }, limit: filter.limit, offset: filter.offset });
  },

  async codeTaken(em: EntityManager, tenantId: string, anonymousCode: string): Promise<boolean> {
    return (await em.count(Copy, { tenantId, anonymousCode })) > 0;
  },
};
