/** What an OCR engine returned for one header image. */
export interface OcrText {
  text: string;
  /** The engine's mean word confidence, 0..1. */
  confidence: number;
}

/** The OCR engine behind a small port, so the reading service can be tested with a fake. */
export interface HeaderOcr {
  recognise(image: Buffer): Promise<OcrText>;
}
