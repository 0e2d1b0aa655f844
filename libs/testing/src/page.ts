import { sentence } from './lorem';
import { A4_MM, type HeaderValues, nameHeaderSvg, QR_MM } from './name-header';
import { qrBlockSvg } from './qr-svg';
import { type Random } from './random';
import { svgLine, svgText } from './svg';

export interface PageSpec {
  /** 1-based page of the copy. */
  pageNumber: number;
  pagesPerCopy: number;
  /** Page 1 only: what the name header shows (null = left blank). */
  header?: HeaderValues | null;
  /** The sheet code text for the page's QR code, when the exam prints coded sheets. */
  qrText?: string;
}

const SUBJECTS = ['Mathématiques', 'Français', 'Histoire-Géographie', 'Physique-Chimie', 'SVT', 'Anglais'];
const MARGIN = 18;
const BOTTOM = 272;

/** Exercises: a title, a sentence or two of statement, then dotted answer lines, until the page is full. */
function bodySvg(top: number, firstExercise: number, random: Random): string {
  let out = '';
  let y = top;
  for (let exercise = firstExercise; y < BOTTOM - 20; exercise++) {
    out += svgText(MARGIN, y, `Exercice ${exercise}`, { size: 4.2, weight: 'bold' });
    y += 6.5;
    for (let i = random.int(1, 2); i > 0; i--, y += 5.5) out += svgText(MARGIN, y, sentence(random), { size: 3.3 });
    for (let i = random.int(3, 6); i > 0 && y < BOTTOM; i--) {
      y += 7;
      out += svgLine(MARGIN, y, A4_MM.width - MARGIN, y, '#777', 0.2, '0.6 0.9');
    }
    y += 10;
  }
  return out;
}

/** One A4 page of a copy, in millimetres: header (page 1), QR code, exercises and a "Page k/P" footer. */
export function pageSvg(spec: PageSpec, random: Random): string {
  const parts: string[] = [];
  let top = 48;
  if (spec.pageNumber === 1) {
    parts.push(nameHeaderSvg(spec.header ?? null, random));
    parts.push(svgText(MARGIN, 66, `Devoir surveillé — ${random.pick(SUBJECTS)}`, { size: 5, weight: 'bold' }));
    top = 76;
  }
  if (spec.qrText) parts.push(qrBlockSvg(spec.qrText, QR_MM.x, QR_MM.y, QR_MM.size));
  parts.push(bodySvg(top, 2 * spec.pageNumber - 1, random));
  parts.push(svgText(A4_MM.width / 2, 287, `Page ${spec.pageNumber}/${spec.pagesPerCopy}`, { size: 3.2, anchor: 'middle' }));
  return parts.join('');
}
