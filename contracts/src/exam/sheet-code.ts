import { z } from 'zod';
import { type NormalisedRect } from '../values';

/**
 * What a coded answer sheet's QR code says. The exam service prints it, ingestion reads it.
 * Text form: `GL1:<tenantGuard>:<examId>:<slot>:<page>[:<studentId>]` (ids without dashes, so the
 * code stays small enough for a QR version that scans reliably at 150 dpi).
 */
export const SheetCodeData = z.object({
  /** A short tag derived from the tenant, so a sheet of school A is never placed in school B. */
  tenantGuard: z.string().regex(/^[0-9a-f]{8}$/),
  examId: z.uuid(),
  slot: z.number().int().min(1),
  page: z.number().int().min(1),
  studentId: z.uuid().nullable(),
});
export type SheetCodeData = z.infer<typeof SheetCodeData>;

const compact = (uuid: string) => uuid.replace(/-/g, '');
const expand = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function encodeSheetCode(code: SheetCodeData): string {
  const parts = ['GL1', code.tenantGuard, compact(code.examId), String(code.slot), String(code.page)];
  if (code.studentId) parts.push(compact(code.studentId));
  return parts.join(':');
}

/** Parses a QR text; null when it is not a Gradeline sheet code. */
export function decodeSheetCode(text: string): SheetCodeData | null {
  const parts = text.trim().split(':');
  if (parts[0] !== 'GL1' || parts.length < 5 || parts.length > 6) return null;
  const [, tenantGuard, exam, slot, page, student] = parts;
  if (!/^[0-9a-f]{32}$/.test(exam ?? '') || (student !== undefined && !/^[0-9a-f]{32}$/.test(student))) return null;
  const parsed = SheetCodeData.safeParse({
    tenantGuard,
    examId: expand(exam!),
    slot: Number(slot),
    page: Number(page),
    studentId: student ? expand(student) : null,
  });
  return parsed.success ? parsed.data : null;
}

/** Where the CMEN-style name box sits on page 1 of a copy, unless the exam says otherwise. */
export const DEFAULT_HEADER_REGION: NormalisedRect = { x: 0.04, y: 0.025, width: 0.92, height: 0.16 };
