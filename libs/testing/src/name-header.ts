import { DEFAULT_HEADER_REGION } from '@gradeline/contracts';
import { createRandom, type Random } from './random';
import { frenchDate, upperName } from './roster-values';
import { type TextStyle, svgLine, svgRect, svgText } from './svg';

/** A4 in millimetres; every page drawing uses these units. */
export const A4_MM = { width: 210, height: 297 } as const;

/** The header region of page 1 in millimetres (DEFAULT_HEADER_REGION scaled to A4). */
export const HEADER_MM = {
  x: DEFAULT_HEADER_REGION.x * A4_MM.width,
  y: DEFAULT_HEADER_REGION.y * A4_MM.height,
  width: DEFAULT_HEADER_REGION.width * A4_MM.width,
  height: DEFAULT_HEADER_REGION.height * A4_MM.height,
};

/** The right part of the header box is kept free for the sheet's QR code. */
export const QR_MM = { x: 177, y: HEADER_MM.y + 3, size: 20 };

export interface HeaderStudent {
  lastName: string;
  firstName: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

/** What the pupil wrote in the boxes: last name in capitals, first name as written, dd/mm/yyyy. */
export interface HeaderValues {
  lastName: string;
  firstName: string;
  birthDate: string;
}

const COMB = { left: 40, box: 4.6, height: 6.6, boxes: 28 };
const COMB_INK = '#c4c4c4';
const LABEL: TextStyle = { size: 3.4, weight: 'bold' };
type Family = TextStyle['family'];

/** Swaps two different neighbouring letters or drops one, as an OCR engine might misread a name. */
function slip(text: string, random: Random): string {
  const letters = [...text];
  const swappable = letters.flatMap((c, i) => (i + 1 < letters.length && c !== letters[i + 1] ? [i] : []));
  if (swappable.length > 0 && (letters.length <= 3 || random.chance(0.5))) {
    const at = random.pick(swappable);
    [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  } else {
    letters.splice(random.int(0, letters.length - 1), 1);
  }
  return letters.join('');
}

/**
 * The values a header shows for `student` (null = left blank). With `ocrSlip`, one name has a
 * letter swapped or dropped; the same seed gives the same slip as generateHeaderImage.
 */
export function printedHeaderValues(
  student: HeaderStudent | null,
  options: { seed: number; ocrSlip?: boolean },
): HeaderValues | null {
  if (!student) return null;
  const values = { lastName: upperName(student.lastName), firstName: student.firstName, birthDate: frenchDate(student.birthDate) };
  if (!options.ocrSlip) return values;
  const random = createRandom(options.seed, 7);
  return random.chance(0.5)
    ? { ...values, lastName: slip(values.lastName, random) }
    : { ...values, firstName: slip(values.firstName, random) };
}

/** One row of comb boxes, optionally filled with `text` one character per box, a little uneven. */
function combRow(left: number, y: number, boxes: number, text: string, random: Random, family: Family): string {
  let out = '';
  for (let i = 0; i < boxes; i++) out += svgRect(left + i * COMB.box, y, COMB.box, COMB.height, COMB_INK, 0.22);
  [...text].slice(0, boxes).forEach((char, i) => {
    if (char === ' ') return;
    const x = left + (i + 0.5) * COMB.box + random.range(-0.3, 0.3);
    const base = y + COMB.height - 1.2 + random.range(-0.3, 0.3);
    out += svgText(x, base, char, { size: 5 * random.range(0.94, 1.06), family, anchor: 'middle', rotate: random.range(-4, 4) });
  });
  return out;
}

/** The date row: dd / mm / yyyy boxes with printed slashes between the groups. */
function dateRow(y: number, date: string, random: Random, family: Family): string {
  const [day = '', month = '', year = ''] = date.split('/');
  let out = '';
  let left = COMB.left;
  for (const [digits, boxes] of [[day, 2], [month, 2], [year, 4]] as const) {
    out += combRow(left, y, boxes, digits, random, family);
    left += boxes * COMB.box;
    if (boxes === 2) out += svgText(left + COMB.box / 2, y + COMB.height - 1.2, '/', { ...LABEL, anchor: 'middle' });
    left += COMB.box;
  }
  return out;
}

/**
 * The CMEN-like name box of page 1, in page millimetres, inside DEFAULT_HEADER_REGION: labelled
 * comb rows for NOM, PRÉNOM and Né(e) le, and a free compartment on the right for the QR code.
 */
export function nameHeaderSvg(values: HeaderValues | null, random: Random): string {
  const { x, y, width, height } = HEADER_MM;
  const family = random.pick(['DejaVu Sans', 'DejaVu Sans', 'DejaVu Serif'] as const);
  const rows = [y + 8, y + 19, y + 30];
  return [
    svgRect(x, y, width, height, '#111', 0.45),
    svgLine(QR_MM.x - 4, y, QR_MM.x - 4, y + height, '#111', 0.3),
    svgText(x + 2.5, y + 4.2, 'Écrire en MAJUSCULES, une lettre par case. Modèle CMEN-Gradeline', { size: 2.1 }),
    svgText(x + 2.5, rows[0]! + 5, 'NOM :', LABEL),
    combRow(COMB.left, rows[0]!, COMB.boxes, values?.lastName ?? '', random, family),
    svgText(x + 2.5, rows[1]! + 5, 'PRÉNOM :', LABEL),
    combRow(COMB.left, rows[1]!, COMB.boxes, values?.firstName ?? '', random, family),
    svgText(x + 2.5, rows[2]! + 5, 'Né(e) le :', LABEL),
    dateRow(rows[2]!, values?.birthDate ?? '', random, family),
    svgText(x + 2.5, y + height - 3, 'Numéro de copie réservé à l’établissement', { size: 2.1 }),
  ].join('');
}
