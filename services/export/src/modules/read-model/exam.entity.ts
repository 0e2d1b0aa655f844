import { EntitySchema } from '@mikro-orm/core';

/** An exam, as the exam service announces it. */
export class Exam {
  id!: string;
  tenantId!: string;
  name!: string;
  subject!: string;
  /** `YYYY-MM-DD`: retention counts from it. */
  date!: string;
  scaleTo = 20;
  /** Decimal string, written in the Pronote export. */
  coefficient = '1';
  correctorIds: string[] = [];
  leadTeacherIds: string[] = [];
  /** The teacher who created it (the actor of `exam.exam.created.v1`), when a person did. */
  ownerId: string | null = null;
  status!: string;
}

export const examEntity = new EntitySchema<Exam>({
  class: Exam,
  tableName: 'exam',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid', index: true },
    name: { type: 'text' },
    subject: { type: 'text' },
    date: { type: 'text' },
    scaleTo: { type: 'integer' },
    coefficient: { type: 'text' },
    correctorIds: { type: 'json' },
    leadTeacherIds: { type: 'json' },
    ownerId: { type: 'uuid', nullable: true },
    status: { type: 'text' },
  },
});
