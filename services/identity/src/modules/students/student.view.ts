import { type RosterStudent, type StudentUpsertedV1 } from '@gradeline/contracts';
import { fold } from '../shared/fold';
import { type StudentRecord } from './student.entity';

export interface StudentFields {
  lastName: string;
  firstName: string;
  birthDate: string | null;
  email: string | null;
  className: string;
  group: string | null;
  externalId: string | null;
}

/** How an import recognises a pupil already on the roster when the file has no external id. */
export function matchKeyOf(s: Pick<StudentFields, 'lastName' | 'firstName' | 'birthDate'>): string {
  return `${fold(s.lastName)}|${fold(s.firstName)}|${s.birthDate ?? ''}`;
}

/** Sets the fields and the keys derived from them. */
export function applyFields(student: StudentRecord, fields: StudentFields): void {
  Object.assign(student, fields);
  student.matchKey = matchKeyOf(fields);
  student.searchKey = `${fold(fields.lastName)} ${fold(fields.firstName)}`;
}

export function fieldsOf(s: StudentRecord): StudentFields {
  const { lastName, firstName, birthDate, email, className, group, externalId } = s;
  return { lastName, firstName, birthDate, email, className, group, externalId };
}

export function sameFields(a: StudentFields, b: StudentFields): boolean {
  return (Object.keys(a) as (keyof StudentFields)[]).every((k) => a[k] === b[k]);
}

export function studentView(s: StudentRecord): RosterStudent {
  return { id: s.id, tenantId: s.tenantId, ...fieldsOf(s), userId: s.userId, version: s.version };
}

/** What matching and exports need (identity.student.upserted.v1): never the email. */
export function studentEventData(s: Pick<StudentRecord, 'id' | keyof StudentFields>): StudentUpsertedV1 {
  return { studentId: s.id, lastName: s.lastName, firstName: s.firstName, birthDate: s.birthDate, className: s.className, group: s.group, externalId: s.externalId };
}
