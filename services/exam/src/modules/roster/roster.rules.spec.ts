import { type StudentUpsertedV1 } from '@gradeline/contracts';
import { applyRosterFact } from './roster.rules';

const ids = { studentId: '50000000-0000-4000-8000-000000000001', tenantId: '50000000-0000-4000-8000-0000000000aa' };
const student: StudentUpsertedV1 = { ...ids, lastName: 'Lefèvre', firstName: 'Anaïs', birthDate: '2011-04-09', className: '3B', group: null, externalId: null };
const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

describe('the roster read model', () => {
  it('keeps the newest upsert and forgets the name on removal', () => {
    let entry = applyRosterFact(null, ids, { kind: 'upserted', student }, t(1));
    entry = applyRosterFact(entry, ids, { kind: 'upserted', student: { ...student, className: '3C' } }, t(2));
    expect(entry).toMatchObject({ className: '3C', lastName: 'Lefèvre', removed: false });
    entry = applyRosterFact(entry, ids, { kind: 'removed' }, t(3));
    expect(entry).toMatchObject({ removed: true, lastName: '', firstName: '', birthDate: null });
  });

  it('does not bring a removed student back with an older upsert that arrived late', () => {
    const removed = applyRosterFact(null, ids, { kind: 'removed' }, t(5));
    expect(applyRosterFact(removed, ids, { kind: 'upserted', student }, t(4))).toMatchObject({ removed: true, lastName: '' });
  });

  it('keeps a removal over an upsert of the same instant, whichever arrives first', () => {
    const removedFirst = applyRosterFact(applyRosterFact(null, ids, { kind: 'removed' }, t(6)), ids, { kind: 'upserted', student }, t(6));
    expect(removedFirst).toMatchObject({ removed: true, lastName: '' });
    const upsertedFirst = applyRosterFact(applyRosterFact(null, ids, { kind: 'upserted', student }, t(6)), ids, { kind: 'removed' }, t(6));
    expect(upsertedFirst).toMatchObject({ removed: true, lastName: '' });
    // A later upsert (the student added back) still applies.
    expect(applyRosterFact(removedFirst, ids, { kind: 'upserted', student }, t(7))).toMatchObject({ removed: false, lastName: 'Lefèvre' });
  });
});
