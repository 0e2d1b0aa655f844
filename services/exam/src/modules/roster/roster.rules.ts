import { type StudentUpsertedV1 } from '@gradeline/contracts';
import { RosterEntry } from './roster-entry.entity';

export type RosterFact = { kind: 'upserted'; student: StudentUpsertedV1 } | { kind: 'removed' };

/**
 * Applies a roster event. Upserts and removals come through two consumers and can cross, so an
 * event older than the newest one applied is ignored; a removal keeps a nameless tombstone. Of two
 * events of the same millisecond (an edit then a removal), the removal stands whichever arrives
 * first: an upsert of that instant does not bring the student back.
 */
export function applyRosterFact(current: RosterEntry | null, ids: { studentId: string; tenantId: string }, fact: RosterFact, at: Date): RosterEntry {
  const entry = current ?? Object.assign(new RosterEntry(), { ...ids, lastName: '', firstName: '', className: '', removed: true, asOf: new Date(0) });
  if (at < entry.asOf) return entry;
  if (current && fact.kind === 'upserted' && entry.removed && at.getTime() === entry.asOf.getTime()) return entry;
  if (fact.kind === 'upserted') {
    const s = fact.student;
    Object.assign(entry, { lastName: s.lastName, firstName: s.firstName, birthDate: s.birthDate, className: s.className, group: s.group, removed: false });
  } else {
    Object.assign(entry, { lastName: '', firstName: '', birthDate: null, group: null, removed: true });
  }
  entry.asOf = at;
  return entry;
}
