// Birth dates as pupils write them and OCR returns them: 03/04/2011, 3.4.11, 17,10,2010,
// "3 avril 2011", "1er mars 2012", or the eight digits of comb boxes with stray spaces.

const MONTHS: Array<[RegExp, number]> = [
  [/^janv/, 1], [/^f[ée]v/, 2], [/^mars/, 3], [/^avr/, 4], [/^mai/, 5], [/^juin/, 6],
  [/^juil/, 7], [/^ao[uû]/, 8], [/^sept/, 9], [/^oct/, 10], [/^nov/, 11], [/^d[ée]c/, 12],
];

const WRITTEN = /(?<!\d)(\d{1,2})\s*(?:er)?\s+(janv\S*|f[ée]v\S*|mars|avr\S*|mai|juin|juil\S*|ao[uû]t?|sept\S*|oct\S*|nov\S*|d[ée]c\S*)\s+(\d{4}|\d{2})(?!\d)/iu;
const NUMERIC = /(?<!\d)(\d{1,2})\s*[/.\-,;]\s*(\d{1,2})\s*[/.\-,;]\s*(\d{4}|\d{2})(?!\d)/u;
const SPACED = /(?<!\d)(\d{1,2})\s+(\d{1,2})\s+(\d{4})(?!\d)/u;

const pad = (n: number) => String(n).padStart(2, '0');

/** A real calendar date no later than `today`, as YYYY-MM-DD; two-digit years in the past century. */
function isoDate(day: number, month: number, yearText: string, today: Date): string | null {
  let year = Number(yearText);
  if (yearText.length === 2) year += 2000 + year <= today.getUTCFullYear() ? 2000 : 1900;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (year < 1900 || date > today) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthOf(word: string): number | null {
  const lower = word.toLowerCase();
  return MONTHS.find(([pattern]) => pattern.test(lower))?.[1] ?? null;
}

/** The first date found anywhere in `text`, or null. */
export function findDate(text: string, today: Date): string | null {
  const written = WRITTEN.exec(text);
  if (written) {
    const month = monthOf(written[2]!);
    const date = month ? isoDate(Number(written[1]), month, written[3]!, today) : null;
    if (date) return date;
  }
  for (const pattern of [NUMERIC, SPACED]) {
    const match = pattern.exec(text);
    const date = match ? isoDate(Number(match[1]), Number(match[2]), match[3]!, today) : null;
    if (date) return date;
  }
  return null;
}

/**
 * A date from the text written next to a birth-date label: as findDate, else its digits alone
 * when there are exactly eight (DDMMYYYY) or six (DDMMYY), as comb boxes are often read.
 */
export function labelledDate(value: string, today: Date): string | null {
  const found = findDate(value, today);
  if (found) return found;
  const digits = value.replace(/\D/g, '');
  if (digits.length !== 8 && digits.length !== 6) return null;
  return isoDate(Number(digits.slice(0, 2)), Number(digits.slice(2, 4)), digits.slice(4), today);
}

/** Where the date findDate would return sits in `text`, so free text can be read without it. */
export function withoutDates(text: string): string {
  return text.replace(new RegExp(WRITTEN.source, 'giu'), ' ').replace(new RegExp(NUMERIC.source, 'gu'), ' ').replace(new RegExp(SPACED.source, 'gu'), ' ');
}
