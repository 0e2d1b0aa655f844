import { type NormalisedRect } from '@gradeline/contracts';
import { A4, PageCanvas, PT_PER_MM } from './page-canvas';
import { StandardFont, toWinAnsi } from './win-ansi';

/** The fonts every sheet uses, in this order in the page resources. */
export const SHEET_FONTS = [new StandardFont('Helvetica', 'F1'), new StandardFont('Helvetica-Bold', 'F2'), new StandardFont('Courier', 'F3')] as const;
const [REGULAR, BOLD, MONO] = SHEET_FONTS;

/** The QR code's place on every page (top right, where ingestion looks first), in mm. */
export const QR_BOX = { x: 177, y: 10.4, size: 20 } as const;
/** Code, caption and quiet zone together: what the name box keeps clear of. */
const QR_ZONE = { left: 173, top: 7, right: 201, bottom: 42 } as const;
/** The default name box's height (DEFAULT_HEADER_REGION on A4): smaller boxes scale down. */
const DEFAULT_BOX_HEIGHT = 47.52;
const COMB = { box: 4.6, height: 6.6, left: 31.6, max: 28, grey: 0.77, line: 0.22 } as const;

/** What a prenamed sheet prints in its name box. */
export interface PrintedStudent {
  lastName: string;
  firstName: string;
  /** dd/mm/yyyy, or empty */
  birthDate: string;
  className: string;
}

export interface SheetPage {
  /** The sheet code (encodeSheetCode) in the QR and in the caption. */
  code: string;
  slot: number;
  page: number;
  pages: number;
  /** Exam name, subject and date. */
  title: string;
  headerRegion: NormalisedRect;
  student: PrintedStudent | null;
}

/** One answer-sheet page: QR code and its text, orientation marks, name box on page 1, footer. */
export function drawSheetPage(sheet: SheetPage): Buffer {
  const canvas = new PageCanvas();
  if (sheet.page === 1) drawNameBox(canvas, sheet);
  else canvas.text(BOLD, 10, 10, 14, BOLD.fit(toWinAnsi(`${sheet.title} — copie n° ${sheet.slot}`), 10, 160 * PT_PER_MM));
  drawCode(canvas, sheet.code);
  // Squares in the bottom corners (the QR code is top right): a turned page shows at a glance.
  canvas.fillRect(6, 283, 4, 4);
  canvas.fillRect(200, 283, 4, 4);
  const right = toWinAnsi(`Copie n° ${sheet.slot} — Page ${sheet.page}/${sheet.pages}`);
  canvas.text(REGULAR, 8, 196, 286.5, right, 'right');
  const room = (196 - 14) * PT_PER_MM - REGULAR.width(right, 8) - 20;
  canvas.text(REGULAR, 8, 14, 286.5, REGULAR.fit(toWinAnsi(sheet.title), 8, room));
  return canvas.content();
}

function drawCode(canvas: PageCanvas, code: string): void {
  canvas.qr(code, QR_BOX.x, QR_BOX.y, QR_BOX.size);
  const perLine = 20;
  for (let i = 0; i * perLine < code.length; i++) {
    canvas.text(MONO, 4.4, QR_BOX.x, QR_BOX.y + QR_BOX.size + 2.4 + i * 1.8, code.slice(i * perLine, (i + 1) * perLine));
  }
}

/**
 * The CMEN-style name box in the exam's header region: NOM, PRÉNOM and Né(e) le in comb boxes,
 * filled in for prenamed sheets. The boxes stop short of the QR code when the region reaches it.
 */
function drawNameBox(canvas: PageCanvas, sheet: SheetPage): void {
  const r = sheet.headerRegion;
  const [x, y, w, h] = [r.x * A4.widthMm, r.y * A4.heightMm, r.width * A4.widthMm, r.height * A4.heightMm];
  const s = Math.min(1, h / DEFAULT_BOX_HEIGHT);
  canvas.strokeRect(x, y, w, h, 0.45);
  const meetsQr = x + w > QR_ZONE.left && x < QR_ZONE.right && y < QR_ZONE.bottom && y + h > QR_ZONE.top;
  if (meetsQr) canvas.line(QR_ZONE.left, y, QR_ZONE.left, y + h, 0.3);
  const usableRight = meetsQr ? Math.min(x + w, QR_ZONE.left) - 2 : x + w - 2;
  const box = COMB.box * s;
  const combLeft = x + COMB.left * s;
  const boxes = Math.max(0, Math.min(COMB.max, Math.floor((usableRight - combLeft) / box)));
  canvas.text(REGULAR, 6 * s, x + 2.5, y + 4.2 * s, toWinAnsi('Écrire en MAJUSCULES, une lettre par case.'));
  const student = sheet.student;
  const rows: [string, string][] = [
    ['NOM :', student ? student.lastName.toLocaleUpperCase('fr-FR') : ''],
    ['PRÉNOM :', student?.firstName ?? ''],
  ];
  rows.forEach(([label, value], i) => {
    const rowY = y + h * [0.168, 0.4][i]!;
    canvas.text(BOLD, 9.5 * s, x + 2.5, rowY + COMB.height * s * 0.75, toWinAnsi(label));
    combRow(canvas, combLeft, rowY, boxes, s, toWinAnsi(value));
  });
  const dateY = y + h * 0.632;
  canvas.text(BOLD, 9.5 * s, x + 2.5, dateY + COMB.height * s * 0.75, toWinAnsi('Né(e) le :'));
  const [day = '', month = '', year = ''] = (student?.birthDate ?? '').split('/');
  let left = combLeft;
  for (const [digits, count] of [[day, 2], [month, 2], [year, 4]] as const) {
    combRow(canvas, left, dateY, count, s, digits);
    left += (count + 1) * box;
    if (count === 2) canvas.text(BOLD, 9.5 * s, left - box / 2, dateY + COMB.height * s * 0.75, '/', 'center');
  }
  const footer = student ? `Copie n° ${sheet.slot} — ${student.lastName.toLocaleUpperCase('fr-FR')} ${student.firstName} (${student.className})` : `Copie n° ${sheet.slot}`;
  canvas.text(REGULAR, 7 * s, x + 2.5, y + h - 2.5 * s, REGULAR.fit(toWinAnsi(footer), 7 * s, (usableRight - x - 4) * PT_PER_MM));
}

/** A row of comb boxes, `text` printed one character per box (what does not fit is left out). */
function combRow(canvas: PageCanvas, left: number, y: number, boxes: number, s: number, text: string): void {
  const [box, height] = [COMB.box * s, COMB.height * s];
  for (let i = 0; i < boxes; i++) canvas.strokeRect(left + i * box, y, box, height, COMB.line, COMB.grey);
  [...text].slice(0, boxes).forEach((char, i) => {
    if (char !== ' ') canvas.text(REGULAR, 11 * s, left + (i + 0.5) * box, y + height - 1.4 * s, char, 'center');
  });
}
