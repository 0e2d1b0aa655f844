import { defineConsumer } from '@gradeline/messaging';
import { examsOfClasses, scheduleRematch } from '../matching/rematch-scheduler';
import { type OcrModules } from '../ocr-modules';
import { RosterStudent } from './roster-student.entity';

// The roster read model: identity's students, per tenant. A change re-matches the exams of the
// student's class (old and new), after OCR_REMATCH_DELAY_MS so a burst counts once.

/**
 * Whether a student event changes what is known: upserts and removals come through two consumers
 * and can cross, so an event older than the known state is ignored, and an upsert of the same
 * instant as a known removal does not bring the student back (the removal stands whichever
 * arrives first). Another school's student is never touched.
 */
export function applies(known: Pick<RosterStudent, 'tenantId' | 'eventAt' | 'removed'> | null, tenantId: string, at: Date, kind: 'upserted' | 'removed'): boolean {
  if (!known) return true;
  if (known.tenantId !== tenantId || known.eventAt > at) return false;
  return !(kind === 'upserted' && known.removed && known.eventAt.getTime() === at.getTime());
}

export function studentUpsertedConsumer({ rematchDueAt }: OcrModules) {
  return defineConsumer({
    purpose: 'roster-upserts',
    type: 'identity.student.upserted.v1',
    handler: async ({ tenantId, data, occurredAt }, { em }) => {
      const at = new Date(occurredAt);
      const student = await em.findOne(RosterStudent, { id: data.studentId });
      if (!applies(student, tenantId, at, 'upserted')) return;
      const classes = [data.className, ...(student ? [student.className] : [])];
      const values = { lastName: data.lastName, firstName: data.firstName, birthDate: data.birthDate, className: data.className, removed: false, eventAt: at };
      if (student) Object.assign(student, values);
      else em.persist(Object.assign(new RosterStudent(), { id: data.studentId, tenantId, ...values }));
      await scheduleRematch(em, tenantId, await examsOfClasses(em, tenantId, classes), 'roster', rematchDueAt());
    },
  });
}

export function studentRemovedConsumer({ rematchDueAt }: OcrModules) {
  return defineConsumer({
    purpose: 'roster-removals',
    type: 'identity.student.removed.v1',
    handler: async ({ tenantId, data, occurredAt }, { em }) => {
      const at = new Date(occurredAt);
      const student = await em.findOne(RosterStudent, { id: data.studentId });
      if (!applies(student, tenantId, at, 'removed')) return;
      // A tombstone without names: personal data goes, the ordering stays.
      const tombstone = { lastName: null, firstName: null, birthDate: null, removed: true, eventAt: at };
      if (student) Object.assign(student, tombstone);
      else em.persist(Object.assign(new RosterStudent(), { id: data.studentId, tenantId, className: '', ...tombstone }));
      if (student) await scheduleRematch(em, tenantId, await examsOfClasses(em, tenantId, [student.className]), 'roster', rematchDueAt());
    },
  });
}

export function rosterImportedConsumer({ rematchDueAt }: OcrModules) {
  return defineConsumer({
    purpose: 'roster-imports',
    type: 'identity.roster.imported.v1',
    handler: async ({ tenantId, data }, { em }) => {
      await scheduleRematch(em, tenantId, await examsOfClasses(em, tenantId, data.classNames), 'roster-import', rematchDueAt());
    },
  });
}
