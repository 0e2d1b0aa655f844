/** Tiny SVG builders. Every drawing is in millimetres; the raster step maps mm to pixels. */

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface TextStyle {
  size: number;
  family?: 'DejaVu Sans' | 'DejaVu Serif' | 'DejaVu Sans Mono';
  weight?: 'normal' | 'bold';
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  /** Degrees, around the text's own anchor point. */
  rotate?: number;
}

const n = (v: number) => Number(v.toFixed(3));

export function svgText(x: number, y: number, text: string, style: TextStyle): string {
  const transform = style.rotate ? ` transform="rotate(${n(style.rotate)} ${n(x)} ${n(y)})"` : '';
  return (
    `<text x="${n(x)}" y="${n(y)}" font-family="${style.family ?? 'DejaVu Sans'}" font-size="${n(style.size)}"` +
    ` font-weight="${style.weight ?? 'normal'}" text-anchor="${style.anchor ?? 'start'}"` +
    ` fill="${style.fill ?? '#111'}"${transform}>${escapeXml(text)}</text>`
  );
}

export function svgRect(x: number, y: number, w: number, h: number, stroke: string, strokeWidth: number): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="${stroke}" stroke-width="${n(strokeWidth)}"/>`;
}

export function svgLine(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: string): string {
  const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${n(width)}"${dashAttr}/>`;
}
