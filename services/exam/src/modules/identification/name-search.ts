/**
 * A name folded for searching: lower case, accents dropped (É → e, Œ → oe), and everything that is
 * not a letter or a digit removed, so "N'Diaye", "ndiaye" and "N DIAYE" all fold to "ndiaye".
 */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Whether a student matches what a person typed: every word typed appears in the folded last or
 * first name ("marie dup", "DUPONT", "lefevre anais" for Lefèvre Anaïs). Nothing typed matches all.
 */
export function nameMatcher(search: string | undefined): (student: { lastName: string; firstName: string }) => boolean {
  const words = (search ?? '').split(/\s+/).map(foldName).filter((w) => w.length > 0);
  return (student) => {
    const haystack = `${foldName(student.lastName)} ${foldName(student.firstName)}`;
    return words.every((word) => haystack.includes(word));
  };
}
