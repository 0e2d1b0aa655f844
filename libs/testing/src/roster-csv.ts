import iconv from 'iconv-lite';
import { type RosterStudent } from './roster';
import { frenchDate, upperName } from './roster-values';

export interface RosterCsvOptions {
  /** 'pronote': the school software's export columns; 'simple': our own import template. */
  format: 'pronote' | 'simple';
  delimiter: ',' | ';';
  encoding: 'utf8' | 'utf8-bom' | 'windows-1252';
  eol: '\n' | '\r\n';
}

const PRONOTE_HEADER = ['Élèves', 'Né(e) le', 'Adresse E-mail', 'Classe', 'Groupe'];
const SIMPLE_HEADER = ['last_name', 'first_name', 'birth_date', 'email', 'class', 'group', 'external_id'];

function columns(format: RosterCsvOptions['format'], s: RosterStudent): string[] {
  switch (format) {
    case 'pronote':
      return [`${upperName(s.lastName)} ${s.firstName}`, frenchDate(s.birthDate), s.email ?? '', s.className, s.group];
    case 'simple':
      return [s.lastName, s.firstName, s.birthDate, s.email ?? '', s.className, s.group, s.externalId];
  }
}

/** RFC 4180 quoting: only fields holding the delimiter, a quote, a line break or edge spaces. */
function quote(field: string, delimiter: string): string {
  const needs = field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim();
  return needs ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The roster as a CSV file the way schools hand them over (encoding, delimiter and line ends vary). */
export function rosterToCsv(students: readonly RosterStudent[], options: RosterCsvOptions): Buffer {
  const header = options.format === 'pronote' ? PRONOTE_HEADER : SIMPLE_HEADER;
  const rows = [header, ...students.map((s) => columns(options.format, s))];
  const text = rows.map((row) => row.map((f) => quote(f, options.delimiter)).join(options.delimiter)).join(options.eol);
  const body = text + options.eol;
  switch (options.encoding) {
    case 'utf8':
      return Buffer.from(body, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
    case 'windows-1252':
      return iconv.encode(body, 'win1252');
  }
}
