export { bufferSource, fileSource, rangeSource, type RandomAccessSource, type RangeFetch } from './source/random-access-source';
export { type BlockCacheOptions } from './source/block-cache';
export { PdfDocument, openPdf, inspectPdf, type PdfInfo } from './document/pdf-document';
export { type PdfPage, type PageImage, type Rotation, type ImageColorSpace, SCAN_COVERAGE } from './document/page-info';
export { type ScannedJpeg } from './document/scanned-jpeg';
export {
  NotPdfError,
  TruncatedPdfError,
  CorruptPdfError,
  EncryptedPdfError,
  EmptyPdfError,
  TooManyPagesError,
  assertPageLimit,
} from './errors';
export { createRasteriser, type Rasteriser, type RasteriseOptions, type RasterPage } from './raster/rasteriser';
export { rotate180, cropRegion, thumbnail, maskRegion, imageSize, type EncodeOptions, type MaskOptions } from './image/image-ops';
export { splitA3, bookletSides, bookletOrder, A3_ASPECT } from './image/booklet';
export { detectUpsideDown } from './image/orientation';
export { renderSheetQr, readSheetQr, type SheetQrReading } from './qr/sheet-qr';
export { tenantGuardOf } from './qr/tenant-guard';
