import { EntitySchema } from '@mikro-orm/core';

/** A roster student: names and birth date for PDFs, file names and Pronote. Never logged. */
export class Student {
  id!: string;
  tenantId!: string;
  lastName!: string;
  firstName!: string;
  /** `YYYY-MM-DD`, when the school has it. */
  birthDate: string | null = null;
  className = '';
  /** `occurredAt` of the upsert these names come from: an older one handled later is ignored. */
  eventAt: Date | null = null;
}

export const studentEntity = new EntitySchema<Student>({
  class: Student,
  tableName: 'student',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid', index: true },
    lastName: { type: 'text' },
    firstName: { type: 'text' },
    birthDate: { type: 'text', nullable: true },
    className: { type: 'text' },
    eventAt: { type: 'datetime', nullable: true },
  },
});

/** A removed student: ids and when, no personal data (identity.consumer.ts: an older upsert arriving late is ignored). */
export class StudentRemoval {
  studentId!: string;
  tenantId!: string;
  removedAt!: Date;
}

export const studentRemovalEntity = new EntitySchema<StudentRemoval>({
  class: StudentRemoval,
  tableName: 'student_removal',
  properties: {
    studentId: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    removedAt: { type: 'datetime' },
  },
});
