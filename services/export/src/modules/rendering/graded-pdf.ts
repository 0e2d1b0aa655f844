import { type CopyPage, type SchemeNode } from '@gradeline/contracts';
import { PDFDocument, rgb, type PDFImage } from 'pdf-lib';
import { type CopyResult } from '../read-model/copy.entity';
import { decimalComma, frenchDate, nodeLines, scaledMark, signedPoints } from '../results/result-lines';
import { drawAnnotations, type AnnotationNote } from './annotation-drawer';
import { embedFonts } from './fonts';
import { useBulkStreamCopy, useNativeDeflate } from './pdf-lib-speedups';
import { A4, SummaryWriter } from './summary-writer';

/** Who the summary page names: the student, or only the copy's anonymous code. */
export type CopyIdentity =
  | { kind: 'student'; lastName: string; firstName: string; className: string }
  | { kind: 'anonymous'; code: string };

export interface GradedCopyInput {
  institution: string;
  exam: { name: string; subject: string; date: string; scaleTo: number };
  identity: CopyIdentity;
  result: CopyResult;
  /** The scheme version the copy was graded against (labels and maxima). */
  nodes: SchemeNode[];
  pages: CopyPage[];
}

/** Reads the bytes of a page image (from object storage). */
export type PageImageSource = (page: CopyPage) => Promise<Buffer>;

const GREY = rgb(0.35, 0.35, 0.35);

export function identityLine(identity: CopyIdentity): string {
  return identity.kind === 'student'
    ? `Élève : ${identity.lastName.toLocaleUpperCase('fr-FR')} ${identity.firstName}${identity.className ? ` (${identity.className})` : ''}`
    : `Copie anonyme : ${identity.code}`;
}

/**
 * The graded copy as one PDF: summary pages (exam, student or anonymous code, total and scaled
 * mark, each scheme node with its maximum and remark, the global comment, every annotation's text
 * in full), then each scan as it was (JPEG bytes embedded untouched) with the annotations drawn as
 * vector paths and text over it.
 */
export async function renderGradedPdf(input: GradedCopyInput, loadImage: PageImageSource): Promise<{ bytes: Uint8Array; pageCount: number }> {
  useBulkStreamCopy();
  const doc = await PDFDocument.create();
  useNativeDeflate(doc);
  doc.setTitle(`${input.exam.name} – ${identityLine(input.identity)}`);
  doc.setProducer('Gradeline');
  const fonts = await embedFonts(doc);
  const notes: AnnotationNote[] = [];
  const pages = [...input.pages].sort((a, b) => a.number - b.number);
  for (const [index, source] of pages.entries()) {
    const image = await embedImage(doc, source, await loadImage(source));
    const size = pageSize(source);
    const page = doc.addPage([size.width, size.height]);
    page.drawImage(image, { x: 0, y: 0, width: size.width, height: size.height });
    drawAnnotations(page, input.result.annotations.filter((a) => a.page === index), fonts, notes);
  }
  const writer = new SummaryWriter(doc, fonts);
  writeSummary(writer, input, notes);
  writer.footer(`${input.exam.name} · version ${input.result.version}`);
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes, pageCount: doc.getPageCount() };
}

function embedImage(doc: PDFDocument, page: CopyPage, bytes: Buffer): Promise<PDFImage> {
  // pdf-lib reads the JPEG header through a DataView over the whole ArrayBuffer, ignoring the view's
  // offset: a Buffer sliced out of a larger one (Node's pool, a stream chunk) must be copied first.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  // Scans are JPEG (embedded as they are); a PNG rendition cannot be, and is embedded losslessly.
  return page.contentType === 'image/png' ? doc.embedPng(own) : doc.embedJpg(own);
}

/** A4-wide pages with the scan's own aspect ratio (landscape scans get A4 landscape's width). */
function pageSize(page: CopyPage): { width: number; height: number } {
  const width = page.width > page.height ? A4.height : A4.width;
  return { width, height: (width * page.height) / page.width };
}

function writeSummary(writer: SummaryWriter, input: GradedCopyInput, notes: AnnotationNote[]): void {
  const { exam, result } = input;
  if (input.institution) writer.paragraph(input.institution, { size: 9, colour: GREY });
  writer.paragraph(exam.name, { size: 16, bold: true });
  writer.paragraph(`${exam.subject} · ${frenchDate(exam.date)}`, { size: 10, colour: GREY });
  writer.gap();
  writer.paragraph(identityLine(input.identity), { size: 12, bold: true });
  writer.rule();
  writer.paragraph('Total', { size: 12, bold: true, right: `${decimalComma(result.total)} / ${decimalComma(result.maxTotal)} points` });
  writer.paragraph(`Note sur ${exam.scaleTo}`, { size: 12, bold: true, right: `${decimalComma(scaledMark(result.total, result.maxTotal, exam.scaleTo))} / ${exam.scaleTo}` });
  writer.rule();
  for (const line of nodeLines(input.nodes, result.scores)) {
    const max = decimalComma(line.node.maxPoints);
    const score = line.notAnswered ? `non répondu · 0 / ${max}` : `${line.points === null ? '—' : decimalComma(line.points)} / ${max}`;
    writer.paragraph(line.node.label, { indent: line.depth * 14, bold: line.depth === 0, right: score });
    if (line.remark) writer.paragraph(line.remark, { indent: line.depth * 14 + 10, size: 9, colour: GREY });
  }
  if (result.globalComment) {
    writer.gap(10);
    writer.paragraph('Commentaire général', { size: 11, bold: true });
    writer.paragraph(result.globalComment);
  }
  if (notes.length > 0) {
    writer.gap(10);
    writer.paragraph('Annotations', { size: 11, bold: true });
    for (const { number, page, annotation } of notes) {
      const delta = annotation.pointsDelta ? ` (${signedPoints(annotation.pointsDelta)})` : '';
      writer.paragraph(`[${number}] page ${page + 1}${delta}${annotation.text ? ` : ${annotation.text}` : ''}`, { size: 9 });
    }
  }
}
