import { type EntityManager } from '@gradeline/db';
import { Copy } from './copy.entity';
import { persistNew } from './persist-new';

/** The copy's row, created by whichever of its events arrives first (streams are not ordered together). */
export async function copyRow(em: EntityManager, tenantId: string, copyId: string, examId: string): Promise<Copy> {
  return (await em.findOne(Copy, { id: copyId, tenantId })) ?? persistNew(em, Copy, { id: copyId, tenantId, examId });
}
