import { AppError } from '@gradeline/kit/errors';

/**
 * Why an upload is not a usable PDF. Each is an AppError with its own code from the ingestion
 * contract, so a service can let it through to the problem+json handler or record it on a batch,
 * and tests can tell them apart with `instanceof`.
 */
export class NotPdfError extends AppError {
  constructor(message = 'the file is not a PDF (no %PDF- header)') {
    super('upload_not_pdf', message);
    this.name = 'NotPdfError';
  }
}

export class TruncatedPdfError extends AppError {
  constructor(message = 'the PDF is cut short (no %%EOF, no startxref, or data beyond the end)') {
    super('upload_truncated', message);
    this.name = 'TruncatedPdfError';
  }
}

export class CorruptPdfError extends AppError {
  constructor(message = 'the PDF structure is unreadable') {
    super('upload_corrupt', message);
    this.name = 'CorruptPdfError';
  }
}

export class EncryptedPdfError extends AppError {
  constructor(message = 'the PDF is encrypted') {
    super('upload_encrypted', message);
    this.name = 'EncryptedPdfError';
  }
}

export class EmptyPdfError extends AppError {
  constructor(message = 'the PDF has no pages') {
    super('upload_empty', message);
    this.name = 'EmptyPdfError';
  }
}

export class TooManyPagesError extends AppError {
  constructor(pageCount: number, maxPages: number) {
    super('upload_too_many_pages', `the PDF has ${pageCount} pages, more than the ${maxPages} allowed`, {
      extensions: { pageCount, maxPages },
    });
    this.name = 'TooManyPagesError';
  }
}

/** Throws TooManyPagesError when a document has more pages than allowed. */
export function assertPageLimit(pageCount: number, maxPages: number): void {
  if (pageCount > maxPages) throw new TooManyPagesError(pageCount, maxPages);
}
