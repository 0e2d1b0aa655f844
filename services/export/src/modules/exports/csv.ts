/** UTF-8 byte order mark: spreadsheet programs (and Pronote) then read accents correctly. */
export const BOM = '\uFEFF';

/**
 * Text that a spreadsheet would run as a formula loses its leading `=`, `+`, `-` or `@` (and any
 * run of them, with spaces between), so a comment like `=HYPERLINK(...)` stays text.
 */
export function stripFormula(text: string): string {
  return text.replace(/^[\s=+\-@]+/, '');
}

/** A cell quoted when it holds the separator, a quote or a line break (quotes doubled). */
export function csvCell(value: string, separator = ';'): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A whole CSV file: BOM, `;` between cells, CRLF after every row (the last one too). */
export function csvFile(rows: string[][], separator = ';'): Buffer {
  return Buffer.from(BOM + rows.map((row) => `${row.map((c) => csvCell(c, separator)).join(separator)}\r\n`).join(''), 'utf8');
}

/** At most `max` characters (code points, so an accent or emoji is never cut in half). */
export function cutTo(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join('') : text;
}

/** Names sort as a French reader expects (accents and case aside, then by them). */
export const byFrenchName = new Intl.Collator('fr', { sensitivity: 'base' });
