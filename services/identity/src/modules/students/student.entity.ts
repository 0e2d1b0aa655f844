import { EntitySchema } from '@mikro-orm/core';

/** A pupil on a school's roster (not an account: see UserRecord.studentId for that). */
export class StudentRecord {
  id!: string;
  tenantId!: string;
  lastName!: string;
  firstName!: string;
  /** YYYY-MM-DD */
  birthDate: string | null = null;
  email: string | null = null;
  className!: string;
  group: string | null = null;
  externalId: string | null = null;
  /** Folded last name, first name and birth date: how an import recognises a pupil without an external id. */
  matchKey!: string;
  /** Folded "last first" for searching by name, whatever the case and accents typed. */
  searchKey!: string;
  userId: string | null = null;
  version = 1;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const studentEntity = new EntitySchema<StudentRecord>({
  class: StudentRecord,
  tableName: 'student',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    lastName: { type: 'text' },
    firstName: { type: 'text' },
    birthDate: { type: 'date', nullable: true },
    email: { type: 'text', nullable: true },
    className: { type: 'text' },
    group: { type: 'text', nullable: true },
    externalId: { type: 'text', nullable: true },
    matchKey: { type: 'text' },
    searchKey: { type: 'text' },
    userId: { type: 'uuid', nullable: true },
    version: { type: 'integer', version: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
  },
  uniques: [{ name: 'student_external_id_unique', properties: ['tenantId', 'externalId'] }],
  indexes: [
    { name: 'student_match_index', properties: ['tenantId', 'matchKey'] },
    { name: 'student_class_index', properties: ['tenantId', 'className'] },
  ],
});
