import { type Random } from './random';

/** Lower-case ASCII for an email local part: accents dropped, spaces and apostrophes removed. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** A last name as French registers print it: capitals, accents kept ("LEFÈVRE", "N'DIAYE"). */
export function upperName(lastName: string): string {
  return lastName.toLocaleUpperCase('fr');
}

/** YYYY-MM-DD → dd/mm/yyyy. */
export function frenchDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

const LEVEL_AGES: Record<string, number> = { '6': 11, '5': 12, '4': 13, '3': 14, '2': 15, '1': 16, T: 17 };
const DAY_MS = 86_400_000;

/** The usual age in September for a class name's level ("3A" → 14); undefined for unknown names. */
function levelAge(className: string): number | undefined {
  return LEVEL_AGES[className.trim().charAt(0).toUpperCase()];
}

/**
 * A birth date for a pupil of `className`, aged 11 to 18 at `asOf`: the level's age, sometimes one
 * more (a repeated year); any age 11-17 when the class name gives no level.
 */
export function birthDateFor(className: string, asOf: string, random: Random): string {
  const base = levelAge(className);
  const age = base === undefined ? random.int(11, 17) : Math.min(18, base + (random.chance(0.12) ? 1 : 0));
  const at = new Date(`${asOf}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) throw new RangeError(`asOf is not a date: ${asOf}`);
  const latest = Date.UTC(at.getUTCFullYear() - age, at.getUTCMonth(), at.getUTCDate());
  const earliest = Date.UTC(at.getUTCFullYear() - age - 1, at.getUTCMonth(), at.getUTCDate()) + DAY_MS;
  const days = Math.round((latest - earliest) / DAY_MS);
  return new Date(earliest + random.int(0, days) * DAY_MS).toISOString().slice(0, 10);
}
