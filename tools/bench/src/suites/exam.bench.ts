// npm run bench -- exam: printable coded answer sheets. The exam service's streamed writer (vector
// QR codes, standard fonts, one chunk per copy) on 500 copies × 4 pages, against the approach it
// replaced (pdf-lib holding the document, a PNG QR code from renderSheetQr embedded per page),
// each in its own child process so their peak RSS compare. The reference runs on fewer pages: it
// takes about 35 s for 2,000.
import { spawn } from 'node:child_process';
import { DEFAULT_HEADER_REGION, encodeSheetCode } from '@gradeline/contracts';
import { renderSheetQr } from '@gradeline/pdf';
import { PDFDocument, StandardFonts } from 'pdf-lib';
// A benchmark measures the service's own code; it is not another service importing it.
import { renderSheets } from '../../../../services/exam/src/modules/sheets/sheets-pdf';
import { type Figure, type Suite, round } from '../harness';

const CHILD_FLAG = 'GL_EXAM_BENCH_CHILD';
const PAGES_PER_COPY = 4;
const EXAM_ID = '0b7c1f52-6f9e-4d3a-9a55-1c2d3e4f5a6b';
const STUDENT_ID = '5e0d7a11-2b3c-4d5e-8f90-a1b2c3d4e5f6';

interface ChildResult {
  pages: number;
  bytes: number;
  seconds: number;
  firstChunkSeconds: number;
  maxRssMiB: number;
}

const rssMiB = () => process.resourceUsage().maxRSS / 1024;

async function streamed(copies: number): Promise<Omit<ChildResult, 'seconds' | 'maxRssMiB'>> {
  const start = process.hrtime.bigint();
  let bytes = 0;
  let firstChunkSeconds = 0;
  const doc = {
    tenantGuard: 'abcdef12',
    examId: EXAM_ID,
    title: 'Devoir surveillé — Électricité — 12/03/2026',
    pagesPerCopy: PAGES_PER_COPY,
    headerRegion: DEFAULT_HEADER_REGION,
    copies: Array.from({ length: copies }, (_, i) => ({ slot: i + 1, studentId: STUDENT_ID, student: { lastName: 'Lefèvre', firstName: 'Anaïs', birthDate: '09/04/2011', className: '3B' } })),
  };
  for await (const chunk of renderSheets(doc)) {
    if (firstChunkSeconds === 0 && bytes > 0) firstChunkSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    bytes += chunk.length; // a socket would take it here; nothing is kept
  }
  return { pages: copies * PAGES_PER_COPY, bytes, firstChunkSeconds };
}

/** The reference: pdf-lib, a PNG QR code per page, the document saved at the end. */
async function pdfLib(copies: number): Promise<Omit<ChildResult, 'seconds' | 'maxRssMiB'>> {
  const start = process.hrtime.bigint();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let slot = 1; slot <= copies; slot++) {
    for (let page = 1; page <= PAGES_PER_COPY; page++) {
      const code = encodeSheetCode({ tenantGuard: 'abcdef12', examId: EXAM_ID, slot, page, studentId: STUDENT_ID });
      const image = await doc.embedPng(await renderSheetQr(code, 240));
      const pdfPage = doc.addPage([595.28, 841.89]);
      pdfPage.drawImage(image, { x: 502, y: 727, width: 57, height: 57 });
      pdfPage.drawText(code.slice(0, 20), { x: 502, y: 718, size: 4.4, font });
      for (let i = 0; i < 28; i++) pdfPage.drawRectangle({ x: 113 + i * 13, y: 773, width: 13, height: 19, borderWidth: 0.6 });
      pdfPage.drawText(`Copie n° ${slot} — Page ${page}/${PAGES_PER_COPY}`, { x: 420, y: 30, size: 8, font });
    }
  }
  const bytes = (await doc.save()).length;
  return { pages: copies * PAGES_PER_COPY, bytes, firstChunkSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function child(kind: 'streamed' | 'pdf-lib', copies: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = ['--conditions=gradeline-source', '--import', 'tsx', __filename, kind, String(copies)];
    const proc = spawn(process.execPath, args, { env: { ...process.env, [CHILD_FLAG]: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : reject(new Error(err.slice(0, 500)))));
  });
}

const suite: Suite = {
  name: 'exam',
  description: 'coded answer sheets: streamed writer (2,000 pages) vs pdf-lib with PNG QR codes (400 pages)',
  async run(ctx) {
    const figures: Figure[] = [];
    for (const [kind, copies] of [['streamed', 500], ['pdf-lib', 100]] as const) {
      ctx.log(`${kind}: ${copies} copies × ${PAGES_PER_COPY} pages`);
      const r = await child(kind, copies);
      const label = `${kind} ${r.pages} pages`;
      figures.push(
        { name: `${label}: pages/s`, value: round(r.pages / r.seconds, 0), unit: 'pages/s', ...(kind === 'streamed' ? { goal: '≥ 200 (a 500-copy print in under 10 s)', met: r.pages / r.seconds >= 200 } : {}) },
        { name: `${label}: first bytes after`, value: round(r.firstChunkSeconds, 3), unit: 's' },
        { name: `${label}: peak RSS`, value: round(r.maxRssMiB, 0), unit: 'MiB' },
        { name: `${label}: size per page`, value: round(r.bytes / r.pages / 1024, 1), unit: 'KiB' },
      );
    }
    return figures;
  },
};
export default suite;

if (process.env[CHILD_FLAG]) {
  const [kind, copies] = [process.argv[2], Number(process.argv[3])];
  const start = process.hrtime.bigint();
  (kind === 'streamed' ? streamed(copies) : pdfLib(copies))
    .then((r) => {
      process.stdout.write(`${JSON.stringify({ ...r, seconds: Number(process.hrtime.bigint() - start) / 1e9, maxRssMiB: rssMiB() })}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
