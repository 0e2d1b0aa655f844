/** Size and component count of a JPEG, read from its SOF marker (what a PDF image dictionary needs). */
export interface JpegInfo {
  width: number;
  height: number;
  components: 1 | 3 | 4;
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export function jpegInfo(jpeg: Buffer): JpegInfo {
  if (jpeg.readUInt16BE(0) !== 0xffd8) throw new Error('not a JPEG (no SOI marker)');
  let at = 2;
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`JPEG marker expected at byte ${at}`);
    const marker = jpeg[at + 1]!;
    if (SOF_MARKERS.has(marker)) {
      const components = jpeg[at + 9]!;
      if (components !== 1 && components !== 3 && components !== 4) throw new Error(`unsupported JPEG components: ${components}`);
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7), components };
    }
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('JPEG without a frame header');
}
