import { hasLabels } from './header-fields';
import { type PreparedHeader } from './header-image';

/** What an OCR engine returned for one header image. */
export interface OcrText {
  text: string;
  /** The engine's mean word confidence, 0..1. */
  confidence: number;
}

export interface RecogniseOptions {
  /** The image is one line of text (a form's comb row): no page layout analysis. */
  singleLine?: boolean;
}

/** The OCR engine behind a small port, so the reading service can be tested with a fake. */
export interface HeaderOcr {
  recognise(image: Buffer, options?: RecogniseOptions): Promise<OcrText>;
}

/**
 * Reads a prepared header: the whole crop, or a form's comb rows one line each (in parallel, so a
 * pool's workers share one header), their texts one per line as a page would give them. Rows
 * whose labels are not beside their boxes (none read) would leave the fields unnamed: then the
 * whole crop is read instead, as for a header without a form.
 */
export async function recogniseHeader(ocr: HeaderOcr, header: PreparedHeader): Promise<OcrText> {
  if (header.kind === 'page') return ocr.recognise(header.page);
  const lines = await Promise.all(header.lines.map((line) => ocr.recognise(line, { singleLine: true })));
  const text = lines.map((l) => l.text.trim()).join('\n');
  if (!hasLabels(text)) return ocr.recognise(header.page);
  return { text, confidence: lines.reduce((sum, l) => sum + l.confidence, 0) / lines.length };
}
