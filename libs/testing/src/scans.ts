import { PDFDocument } from 'pdf-lib';
import { JpegPdfWriter } from './pdf-writer';
import { planScan, type ScanOptions, type ScanTruth } from './scan-plan';
import { renderInOrder, scanDpi, scanImageSize } from './scan-render';

export type { ScanCopy, ScanCopyTruth, ScanOptions, ScanPageTruth, ScanTruth } from './scan-plan';
export { planScan } from './scan-plan';
export { a4Pixels, scanImageSize, type ScanImageSize } from './scan-render';

function pageSize(options: ScanOptions) {
  return scanImageSize(scanDpi(options), options.a3Booklet ?? false);
}

/**
 * A synthetic scanner batch in memory: one greyscale JPEG per page, drawn full page (pdf-lib),
 * and the truth of what each page shows. For large batches use generateScanPdfToFile.
 */
export async function generateScanPdf(options: ScanOptions): Promise<{ pdf: Buffer; truth: ScanTruth }> {
  const truth = planScan(options);
  const size = pageSize(options);
  // No creation date: the same seed must give the same bytes.
  const doc = await PDFDocument.create({ updateMetadata: false });
  await renderInOrder(truth, options, async (jpeg) => {
    const image = await doc.embedJpg(jpeg);
    doc.addPage([size.widthPt, size.heightPt]).drawImage(image, { x: 0, y: 0, width: size.widthPt, height: size.heightPt });
  });
  return { pdf: Buffer.from(await doc.save({ useObjectStreams: false })), truth };
}

/** The same batch streamed to `path` page by page, so memory stays flat for thousands of pages. */
export async function generateScanPdfToFile(path: string, options: ScanOptions): Promise<{ truth: ScanTruth }> {
  const truth = planScan(options);
  const size = pageSize(options);
  const writer = await JpegPdfWriter.create(path);
  try {
    await renderInOrder(truth, options, (jpeg) => writer.addPage(jpeg, size.widthPt, size.heightPt));
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
  return { truth };
}
