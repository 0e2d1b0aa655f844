import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, type PDFFont } from 'pdf-lib';

type FontkitFont = ReturnType<typeof fontkit.create>;
type Glyph = ReturnType<FontkitFont['glyphForCodePoint']>;

interface LoadedFont {
  bytes: Buffer;
  font: FontkitFont;
}

/**
 * A parsed font whose `layout` maps characters straight to glyphs through the cmap. pdf-lib only
 * uses the glyphs of a layout (never kerning positions), and fontkit's full shaping costs ~3 ms per
 * line: this makes text 100x cheaper. Text is NFC-normalised before drawing, so accented letters
 * are single precomposed glyphs; what is lost is only ligatures (fi, fl), which DejaVu does not need.
 */
function load(file: string): LoadedFont {
  const bytes = fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  const font = fontkit.create(bytes);
  const glyphs = new Map<number, Glyph>();
  const glyphFor = (codePoint: number): Glyph => {
    let glyph = glyphs.get(codePoint);
    if (!glyph) {
      glyph = font.glyphForCodePoint(codePoint);
      // fontkit caches one glyph object per id for the font's life: a glyph first met as part of
      // an accented letter (É = E + ´) while subsetting carries no code point, and pdf-lib's
      // Unicode map would then lose the letter (text extraction, search, screen readers).
      if (glyph.id !== 0 && glyph.codePoints.length === 0) glyph.codePoints = [codePoint];
      glyphs.set(codePoint, glyph);
    }
    return glyph;
  };
  Object.assign(font, { layout: (text: string) => ({ glyphs: Array.from(text, (c) => glyphFor(c.codePointAt(0)!)), positions: [] }) });
  return { bytes, font };
}

// DejaVu Sans (Bitstream Vera licence, permissive) ships inside the dejavu-fonts-ttf package:
// nothing is read from the system and nothing is downloaded. Parsed once per process.
let cached: { regular: LoadedFont; bold: LoadedFont } | undefined;

const fonts = () => (cached ??= { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') });

/** Hands pdf-lib the fonts parsed once, instead of parsing 700 KB of TrueType per document. */
const parsedFontkit = {
  create: (bytes: Uint8Array): FontkitFont => {
    const { regular, bold } = fonts();
    // By size, not identity: pdf-lib may copy the bytes (a Buffer from another realm under jest).
    return bytes.byteLength === bold.bytes.byteLength ? bold.font : regular.font;
  },
} as unknown as typeof fontkit;

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Embeds the Unicode fonts, subset to the glyphs used (a full DejaVu would add 1.4 MB per PDF). */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(parsedFontkit);
  const { regular, bold } = fonts();
  return { regular: await doc.embedFont(regular.bytes, { subset: true }), bold: await doc.embedFont(bold.bytes, { subset: true }) };
}
