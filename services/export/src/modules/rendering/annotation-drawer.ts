import { type Annotation } from '@gradeline/contracts';
import { rgb, type PDFPage, type RGB } from 'pdf-lib';
import { signedPoints } from '../results/result-lines';
import { type Fonts } from './fonts';
import { wrapText } from './text-layout';

const RED = rgb(0.82, 0.07, 0.1);
const HIGHLIGHT = rgb(1, 0.9, 0.2);
const TEXT_SIZE = 9;
const LINE = TEXT_SIZE * 1.25;
/** Lines of an annotation's text drawn on the page; the summary always has it in full. */
const MAX_LINES_ON_PAGE = 8;

export function colourOf(hex: string | null, fallback: RGB = RED): RGB {
  if (!hex) return fallback;
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** What the summary lists for an annotation with words or points: its number and page. */
export interface AnnotationNote {
  number: number;
  page: number;
  annotation: Annotation;
}

/**
 * Draws a page's annotations as vector paths over the scan, in page coordinates: annotations are
 * normalised to the page with the origin at its top-left corner (as on screen), PDF's is bottom-left.
 */
export function drawAnnotations(page: PDFPage, annotations: Annotation[], fonts: Fonts, notes: AnnotationNote[]): void {
  const { width: W, height: H } = page.getSize();
  for (const a of annotations) {
    const colour = colourOf(a.color);
    const x = a.x * W;
    const top = a.y * H;
    const w = (a.width ?? 0.03) * W;
    const h = (a.height ?? 0.03) * W;
    const svg = { x: 0, y: H, borderColor: colour, borderWidth: 2 };
    switch (a.kind) {
      case 'tick':
        page.drawSvgPath(`M ${x} ${top + h * 0.55} L ${x + w * 0.4} ${top + h} L ${x + w} ${top}`, svg);
        break;
      case 'cross':
        page.drawSvgPath(`M ${x} ${top} L ${x + w} ${top + h} M ${x + w} ${top} L ${x} ${top + h}`, svg);
        break;
      case 'highlight':
        page.drawRectangle({ x, y: H - top - (a.height ?? 0.02) * H, width: (a.width ?? 0.2) * W, height: (a.height ?? 0.02) * H, color: HIGHLIGHT, opacity: 0.35 });
        break;
      case 'stroke':
        if (a.points && a.points.length > 1) {
          page.drawSvgPath(a.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x * W} ${p.y * H}`).join(' '), { ...svg, borderWidth: 1.5 });
        }
        break;
      case 'comment':
        if (a.width && a.height) page.drawRectangle({ x, y: H - top - a.height * H, width: a.width * W, height: a.height * H, borderColor: colour, borderWidth: 1.2 });
        break;
      case 'text':
        break;
      default: {
        const never: never = a.kind;
        throw new Error(`unknown annotation kind ${String(never)}`);
      }
    }
    if (a.text || a.pointsDelta) {
      const number = notes.length + 1;
      notes.push({ number, page: a.page, annotation: a });
      drawLabel(page, a, number, fonts, colour);
    }
  }
}

/** The annotation's number, points delta and text beside it, cut to a few lines on the page. */
function drawLabel(page: PDFPage, a: Annotation, number: number, fonts: Fonts, colour: RGB): void {
  const { width: W, height: H } = page.getSize();
  const below = a.kind === 'comment' && a.height ? a.height * H + 2 : a.kind === 'text' ? 0 : (a.height ?? 0.03) * W + 2;
  const x = Math.min(a.x * W, W * 0.6);
  const maxWidth = Math.max(W * 0.35, (a.width ?? 0) * W) - 4;
  const head = `[${number}]${a.pointsDelta ? ` ${signedPoints(a.pointsDelta)}` : ''}`;
  const all = wrapText(a.text ? `${head} ${a.text}` : head, fonts.regular, TEXT_SIZE, Math.min(maxWidth, W - x - 4));
  const room = Math.max(1, Math.floor((H - a.y * H - below - 4) / LINE));
  const limit = Math.min(MAX_LINES_ON_PAGE, room);
  const lines = all.length > limit ? [...all.slice(0, limit - 1), `… (suite : note [${number}])`] : all;
  let y = H - a.y * H - below - TEXT_SIZE;
  for (const line of lines) {
    page.drawText(line, { x: x + 2, y, size: TEXT_SIZE, font: fonts.regular, color: colour });
    y -= LINE;
  }
}
