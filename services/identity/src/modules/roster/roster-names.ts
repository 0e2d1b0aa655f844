/** A word in capitals: it has letters and none of them is lower case ("N'DIAYE", "BEN", "LE"). */
function isCapitalised(word: string): boolean {
  return /\p{L}/u.test(word) && word === word.toLocaleUpperCase('fr') && word !== word.toLocaleLowerCase('fr');
}

/**
 * Splits Pronote's "NOM Prénom" cell: the leading words in capitals are the surname, so compound
 * surnames stay whole ("BEN SALAH Amine" → BEN SALAH / Amine, "DE LA FONTAINE Jean-Marc" →
 * DE LA FONTAINE / Jean-Marc). When every word is in capitals the last one is the first name;
 * when none is, the first word is the surname. Null when there is one word only.
 */
export function splitPronoteName(cell: string): { lastName: string; firstName: string } | null {
  const words = cell.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return null;
  let split = words.findIndex((word) => !isCapitalised(word));
  if (split === -1) split = words.length - 1;
  if (split === 0) split = 1;
  return { lastName: words.slice(0, split).join(' '), firstName: words.slice(split).join(' ') };
}

/** dd/mm/yyyy (Pronote) or yyyy-mm-dd → ISO date, or null when it is not a real calendar date. */
export function parseBirthDate(text: string): string | null {
  const trimmed = text.trim();
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const [year, month, day] = french ? [french[3], french[2], french[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!year || !month || !day) return null;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  if (Number(year) < 1900) return null;
  return date.toISOString().slice(0, 10);
}
