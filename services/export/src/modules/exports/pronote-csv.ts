import { scalePoints } from '@gradeline/contracts';
import { decimalComma, frenchDate, scaledMark } from '../results/result-lines';
import { byFrenchName, csvFile, cutTo, stripFormula } from './csv';

export const PRONOTE_HEADER = ['NOM', 'PRENOM', 'DATE_NAISSANCE', 'MATIERE', 'NOTE', 'COEFF', 'COMMENTAIRE'];
export const PRONOTE_COMMENT_MAX = 500;

export interface PronoteRow {
  lastName: string;
  firstName: string;
  birthDate: string | null;
  total: string;
  maxTotal: string;
  globalComment: string | null;
}

export interface PronoteExam {
  subject: string;
  scaleTo: number;
  coefficient: string;
}

/** The global comment as Pronote takes it: one line, no formula, at most 500 characters. */
export function pronoteComment(comment: string | null): string {
  if (!comment) return '';
  const oneLine = comment.normalize('NFC').replace(/\s+/g, ' ').trim();
  return cutTo(stripFormula(oneLine), PRONOTE_COMMENT_MAX).trim();
}

/** The mark out of `scaleTo`, half-up to 2 decimals, with a decimal comma: "15,50". */
export function pronoteMark(total: string, maxTotal: string, scaleTo: number): string {
  return decimalComma(scaledMark(total, maxTotal, scaleTo));
}

/** The coefficient with one decimal and a comma: "1" → "1,0", "0.75" → "0,8". */
export function pronoteCoefficient(coefficient: string): string {
  return decimalComma(scalePoints(coefficient, '1', 1, 1));
}

const text = (value: string) => stripFormula(value.normalize('NFC').replace(/\s+/g, ' ').trim());

/**
 * The Pronote import file: UTF-8 with BOM, `;`, CRLF, the header Pronote expects, one row per graded
 * copy sorted by name; NOM and MATIERE in capitals, birth date dd/mm/yyyy.
 */
export function pronoteCsv(exam: PronoteExam, rows: PronoteRow[]): Buffer {
  const sorted = [...rows].sort((a, b) => byFrenchName.compare(a.lastName, b.lastName) || byFrenchName.compare(a.firstName, b.firstName));
  const subject = text(exam.subject).toLocaleUpperCase('fr-FR');
  const coefficient = pronoteCoefficient(exam.coefficient);
  return csvFile([
    PRONOTE_HEADER,
    ...sorted.map((row) => [
      text(row.lastName).toLocaleUpperCase('fr-FR'),
      text(row.firstName),
      row.birthDate ? frenchDate(row.birthDate) : '',
      subject,
      pronoteMark(row.total, row.maxTotal, exam.scaleTo),
      coefficient,
      pronoteComment(row.globalComment),
    ]),
  ]);
}
