import { type EntityManager } from '@gradeline/db';
import { RosterEntry } from './roster-entry.entity';

export const rosterRepository = {
  find(em: EntityManager, tenantId: string, studentId: string): Promise<RosterEntry | null> {
    return em.findOne(RosterEntry, { studentId, tenantId });
  },

  /** These students of the school (removed ones as nameless tombstones); unknown ids are left out. */
  some(em: EntityManager, tenantId: string, studentIds: readonly string[]): Promise<RosterEntry[]> {
    return studentIds.length === 0 ? Promise.resolve([]) : em.find(RosterEntry, { tenantId, studentId: { $in: [...studentIds] } });
  },

  /** The students of these classes, by class, last name, first name (French collation). */
  async inClasses(em: EntityManager, tenantId: string, classNames: readonly string[]): Promise<RosterEntry[]> {
    const entries = await em.find(RosterEntry, { tenantId, className: { $in: [...classNames] }, removed: false });
    const collator = new Intl.Collator('fr', { sensitivity: 'base' });
    return entries.sort(
      (a, b) =>
        collator.compare(a.className, b.className) ||
        collator.compare(a.lastName, b.lastName) ||
        collator.compare(a.firstName, b.firstName) ||
        a.studentId.localeCompare(b.studentId),
    );
  },
};
