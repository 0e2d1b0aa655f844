import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, type PDFFont } from 'pdf-lib';

// DejaVu Sans (Bitstream Vera licence, permissive) ships inside the dejavu-fonts-ttf package:
// nothing is read from the system and nothing is downloaded. Loaded once per process.
let cached: { regular: Buffer; bold: Buffer } | undefined;

function fontBytes(): { regular: Buffer; bold: Buffer } {
  cached ??= {
    regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return cached;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Embeds the Unicode fonts, subset to the glyphs used (a full DejaVu would add 1.4 MB per PDF). */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  const bytes = fontBytes();
  const [regular, bold] = await Promise.all([doc.embedFont(bytes.regular, { subset: true }), doc.embedFont(bytes.bold, { subset: true })]);
  return { regular, bold };
}
