import { type EntityManager } from '@gradeline/db';
import { SchemeVersion } from './scheme-version.entity';

export const schemeRepository = {
  find(em: EntityManager, tenantId: string, examId: string, version: number): Promise<SchemeVersion | null> {
    return em.findOne(SchemeVersion, { tenantId, examId, version });
  },

  list(em: EntityManager, tenantId: string, examId: string): Promise<SchemeVersion[]> {
    return em.find(SchemeVersion, { tenantId, examId }, { orderBy: { version: 'asc' } });
  },
};
