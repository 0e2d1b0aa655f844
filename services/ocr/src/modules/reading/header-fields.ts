import { type HeaderFields } from '@gradeline/contracts';
import { findDate, labelledDate, withoutDates } from './header-date';

// What a header says, from the text OCR returned: labelled CMEN-style forms ("NOM", "PRÉNOM",
// "Né(e) le") first, free text ("BEN SALAH Amine 03/04/2011") when there are no labels.

type Field = 'lastName' | 'firstName' | 'birthDate';

const LABELS: Array<[Field, RegExp]> = [
  ['firstName', /(?<!\p{L})(?:pr[eéèê]\s?noms?|first\s*names?)(?!\p{L})/giu],
  ['lastName', /(?<!\p{L})(?:nom\s+de\s+famille|nom|surname|last\s*name)(?!\p{L})/giu],
  ['birthDate', /(?<!\p{L})(?:n[eéè]e?\s*(?:\(\s*e\s*\))?\s*le|date\s+de\s+naissance|birth\s*date|date\s+of\s+birth)(?!\p{L})/giu],
];

const FILLER = new Set(['NE', 'NÉ', 'NEE', 'NÉE', 'LE', 'CLASSE', 'ET']);

interface Label {
  field: Field;
  start: number;
  end: number;
}

function findLabels(text: string): Label[] {
  const labels: Label[] = [];
  for (const [field, pattern] of LABELS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      if (!labels.some((l) => start < l.end && l.start < start + match[0].length)) labels.push({ field, start, end: start + match[0].length });
    }
  }
  return labels.sort((a, b) => a.start - b.start);
}

/** Letters, spaces, hyphens and apostrophes; "A B O U  Z E I D" (one letter per box) → "ABOU ZEID". */
export function cleanName(value: string): string | null {
  let text = value.replace(/[’`´]/g, "'").replace(/[^\p{L}\s'-]/gu, ' ');
  const tokens = text.trim().split(/ /).filter(Boolean);
  if (tokens.length >= 3 && tokens.every((t) => [...t].length === 1)) {
    text = text.trim().split(/\s{2,}/).map((word) => word.replace(/\s/g, '')).join(' ');
  }
  text = text.replace(/\s*-\s*/g, '-').replace(/\s+/g, ' ').replace(/^[\s'-]+|[\s'-]+$/g, '');
  return /\p{L}/u.test(text) ? text : null;
}

/** The text from a label to the next label or the end of its line. */
function valueAfter(text: string, label: Label, next: Label | undefined): string {
  const end = Math.min(next?.start ?? text.length, text.indexOf('\n', label.end) === -1 ? text.length : text.indexOf('\n', label.end));
  return text.slice(label.end, end).replace(/^[\s:;.,|_=-]+/, '');
}

function fromLabels(text: string, labels: Label[], today: Date): HeaderFields {
  const fields: HeaderFields = { lastName: null, firstName: null, birthDate: null };
  labels.forEach((label, i) => {
    if (fields[label.field] !== null) return;
    const value = valueAfter(text, label, labels[i + 1]);
    fields[label.field] = label.field === 'birthDate' ? labelledDate(value, today) : cleanName(value);
  });
  fields.birthDate ??= findDate(text, today);
  if (labels.every((l) => l.field === 'birthDate')) {
    // Only a date label ("Amine BEN SALAH, né le 3 avril 2011"): the names are the text before it.
    const names = fromFreeText(text.slice(0, labels[0]!.start), today);
    return { ...fields, lastName: names.lastName, firstName: names.firstName };
  }
  return fields;
}

const isUpperWord = (word: string) => word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();

/**
 * Free text: words in capitals are the last name and the others the first name, as French forms
 * write "NOM Prénom". All capitals: the last word is the first name. No capitals: "Prénom Nom".
 */
function fromFreeText(text: string, today: Date): HeaderFields {
  const birthDate = findDate(text, today);
  const lines = withoutDates(text)
    .split('\n')
    .map((line) => line.split(/[\s,;:]+/).filter((token) => !/\d/.test(token)))
    .map((tokens) => tokens.map((t) => t.replace(/[^\p{L}'’-]/gu, '')).filter((w) => /\p{L}/u.test(w) && !FILLER.has(w.toUpperCase())))
    .filter((words) => words.length > 0);
  const words = lines.find((l) => l.length >= 2) ?? lines[0] ?? [];
  if (words.length === 0) return { lastName: null, firstName: null, birthDate };
  const upper = words.filter(isUpperWord);
  const other = words.filter((w) => !isUpperWord(w));
  let last: string[];
  let first: string[];
  if (upper.length > 0 && other.length > 0) [last, first] = [upper, other];
  else if (upper.length > 0) [last, first] = [upper.slice(0, -1), upper.slice(-1)];
  else [first, last] = [other.slice(0, 1), other.slice(1)];
  if (last.length === 0) [last, first] = [first, []];
  return { lastName: cleanName(last.join(' ')), firstName: first.length ? cleanName(first.join(' ')) : null, birthDate };
}

/** Whether the text holds a form's label ("NOM", "PRÉNOM", "Né(e) le", ...). */
export function hasLabels(text: string): boolean {
  return findLabels(text).length > 0;
}

/** The last name, first name and birth date a header's OCR text gives; null for what is not there. */
export function extractHeaderFields(text: string, today: Date = new Date()): HeaderFields {
  const labels = findLabels(text);
  return labels.length > 0 ? fromLabels(text, labels, today) : fromFreeText(text, today);
}
