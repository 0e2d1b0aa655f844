import { type SchemeNode } from '@gradeline/contracts';
import { currentResult, type Copy } from '../read-model/copy.entity';
import { type Student } from '../read-model/student.entity';
import { decimalComma, nodeLines, scaledMark } from '../results/result-lines';
import { byFrenchName, csvFile, stripFormula } from './csv';

export interface ResultsCsvExam {
  scaleTo: number;
  /** The latest scheme version: one column per node, in tree order. */
  nodes: SchemeNode[];
}

const text = (value: string) => stripFormula(value.replace(/\s+/g, ' ').trim());
const points = (value: string | null) => (value === null ? '' : decimalComma(value));

/**
 * Every copy of the exam, one row each (UTF-8 with BOM, `;`, CRLF, decimal commas, for French
 * spreadsheets): code, student, status, a column per scheme node, total, maximum, scaled mark.
 * Copies without a current result have their status and empty marks.
 */
export function resultsCsv(exam: ResultsCsvExam, copies: Copy[], students: Map<string, Student>): Buffer {
  const columns = nodeLines(exam.nodes, []);
  const header = ['CODE', 'NOM', 'PRENOM', 'CLASSE', 'STATUT', ...columns.map((l) => `${text(l.node.label)} (/${decimalComma(l.node.maxPoints)})`), 'TOTAL', 'MAX', `NOTE_SUR_${exam.scaleTo}`];
  const rows = copies.map((copy) => {
    const student = copy.studentId ? students.get(copy.studentId) : undefined;
    const result = currentResult(copy);
    const scores = new Map(result ? nodeLines(exam.nodes, result.scores).map((l) => [l.node.id, l.points]) : []);
    return {
      key: [student?.lastName ?? '\uffff', student?.firstName ?? '', copy.anonymousCode ?? copy.id],
      cells: [
        copy.anonymousCode ?? '',
        student ? text(student.lastName).toLocaleUpperCase('fr-FR') : '',
        student ? text(student.firstName) : '',
        student ? text(student.className) : '',
        result ? copy.status : copy.result ? 'REOPENED' : copy.status,
        ...columns.map((l) => points(scores.get(l.node.id) ?? null)),
        points(result?.total ?? null),
        points(result?.maxTotal ?? null),
        result ? decimalComma(scaledMark(result.total, result.maxTotal, exam.scaleTo)) : '',
      ],
    };
  });
  rows.sort((a, b) => a.key.reduce((order, part, i) => order || byFrenchName.compare(part, b.key[i]!), 0));
  return csvFile([header, ...rows.map((r) => r.cells)]);
}
