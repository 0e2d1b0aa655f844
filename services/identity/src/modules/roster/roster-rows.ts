import { type RosterImportRefusal } from '@gradeline/contracts';
import { z } from 'zod';
import { fold } from '../shared/fold';
import { type StudentFields } from '../students/student.view';
import { parseBirthDate, splitPronoteName } from './roster-names';
import { type CsvRecord } from './roster-text';

export type RosterFormat = 'pronote' | 'simple';

export interface RosterRow {
  line: number;
  fields: StudentFields;
}

type Column = 'name' | 'lastName' | 'firstName' | 'birthDate' | 'email' | 'className' | 'group' | 'externalId';

// Header cells folded to letters and digits: "Né(e) le" → "neele", "Adresse E-mail" → "adresseemail".
const HEADERS: Record<string, Column> = {
  eleves: 'name',
  eleve: 'name',
  neele: 'birthDate',
  nele: 'birthDate',
  datedenaissance: 'birthDate',
  adresseemail: 'email',
  email: 'email',
  classe: 'className',
  groupe: 'group',
  groupes: 'group',
  lastname: 'lastName',
  firstname: 'firstName',
  birthdate: 'birthDate',
  class: 'className',
  group: 'group',
  externalid: 'externalId',
};

const Email = z.email();
const LIMITS: Partial<Record<keyof StudentFields, number>> = { lastName: 100, firstName: 100, className: 50, group: 50, externalId: 50, email: 254 };

/** Which format the header names, and where each column is; a refusal naming line 1 otherwise. */
export function readHeader(header: CsvRecord): { format: RosterFormat; columns: Map<Column, number> } | { refusal: string } {
  const columns = new Map<Column, number>();
  header.fields.forEach((cell, index) => {
    const column = HEADERS[fold(cell).replace(/[^a-z0-9]/g, '')];
    if (column && !columns.has(column)) columns.set(column, index);
  });
  if (columns.has('name') && columns.has('className')) return { format: 'pronote', columns };
  if (columns.has('lastName') && columns.has('firstName') && columns.has('className')) return { format: 'simple', columns };
  return {
    refusal: 'unknown columns: expected Pronote’s (Élèves, Né(e) le, Adresse E-mail, Classe, Groupe) or last_name,first_name,birth_date,email,class,group,external_id',
  };
}

/** One record as a student's fields, or why it is refused. */
export function readRow(record: CsvRecord, format: RosterFormat, columns: Map<Column, number>): RosterRow | RosterImportRefusal {
  const cell = (column: Column) => {
    const index = columns.get(column);
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  const refuse = (reason: string) => ({ line: record.line, reason });
  let lastName = cell('lastName');
  let firstName = cell('firstName');
  if (format === 'pronote') {
    const split = splitPronoteName(cell('name'));
    if (!split) return refuse('the name must read "NOM Prénom"');
    ({ lastName, firstName } = split);
  }
  if (!lastName || !firstName) return refuse('last and first name are required');
  const className = cell('className');
  if (!className) return refuse('the class is required');
  const birthText = cell('birthDate');
  const birthDate = birthText ? parseBirthDate(birthText) : null;
  if (birthText && !birthDate) return refuse(`invalid birth date "${birthText.slice(0, 20)}": expected dd/mm/yyyy or yyyy-mm-dd`);
  const email = cell('email') || null;
  if (email && !Email.safeParse(email).success) return refuse('invalid email address');
  const fields: StudentFields = { lastName, firstName, birthDate, email, className, group: cell('group') || null, externalId: cell('externalId') || null };
  for (const [key, limit] of Object.entries(LIMITS) as [keyof StudentFields, number][]) {
    if ((fields[key]?.length ?? 0) > limit) return refuse(`${key} is longer than ${limit} characters`);
  }
  return { line: record.line, fields };
}
