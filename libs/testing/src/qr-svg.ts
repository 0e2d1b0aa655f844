import QRCode from 'qrcode';
import { svgText } from './svg';

/**
 * A QR code of `text`, `size` mm wide with its top-left at (x, y), on a white quiet zone, and the
 * same text printed small beneath it (wrapped, so a person can read it when the code will not scan).
 */
export function qrBlockSvg(text: string, x: number, y: number, size: number): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const cell = size / count;
  const quiet = 4 * cell;
  let path = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (modules.get(row, col)) path += `M${(x + col * cell).toFixed(3)} ${(y + row * cell).toFixed(3)}h${cell.toFixed(3)}v${cell.toFixed(3)}h-${cell.toFixed(3)}z`;
    }
  }
  const perLine = 20;
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += perLine) lines.push(text.slice(i, i + perLine));
  const caption = lines
    .map((line, i) => svgText(x, y + size + 2.2 + i * 1.9, line, { size: 1.55, family: 'DejaVu Sans Mono' }))
    .join('');
  return (
    `<rect x="${x - quiet}" y="${y - quiet}" width="${size + 2 * quiet}" height="${size + 2 * quiet}" fill="#fff"/>` +
    `<path d="${path}" fill="#000" shape-rendering="crispEdges"/>${caption}`
  );
}
