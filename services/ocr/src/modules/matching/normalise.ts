// How a name or a date is compared: OCR and rosters disagree on case, accents, spaces, hyphens
// and apostrophes ("N'Diaye" / "NDIAYE", "Da Costa-Lefèvre" / "DA COSTA LEFEVRE"), never on letters.

const LIGATURES: Record<string, string> = { Œ: 'OE', Æ: 'AE', ß: 'SS' };

/** Upper case, accents removed, letters A-Z only ("Marie-Ève N'Diaye" → "MARIEEVENDIAYE"). */
export function normaliseName(name: string): string {
  return name
    .toUpperCase()
    .replace(/[ŒÆß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/[^A-Z]/g, '');
}

/** The 8 digits DDMMYYYY of an ISO date (YYYY-MM-DD), the order a pupil writes them. */
export function dateDigits(isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return `${day}${month}${year}`;
}
