import { type EntityManager } from '@gradeline/db';
import { LockMode } from '@mikro-orm/core';
import { Copy } from './copy.entity';
import { persistNew } from './persist-new';

/**
 * The copy's row, locked for the rest of the handler's transaction, or created by whichever of its
 * events arrives first (streams are not ordered together). The lock serialises handlers of the same
 * copy: two finalise versions rendered at once cannot leave the older one as the result.
 */
export async function copyRow(em: EntityManager, tenantId: string, copyId: string, examId: string): Promise<Copy> {
  return (await em.findOne(Copy, { id: copyId, tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE })) ?? persistNew(em, Copy, { id: copyId, tenantId, examId });
}
